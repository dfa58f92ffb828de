package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.Category;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Normal operation that looks odd and must not alert: the look-alikes of the realistic world,
 * labelled in {@code benign_events} by {@link #dbName()} (e.g. {@code door_open}). Parameters and
 * sources of every kind are in docs/WORLD.md.
 */
public enum BenignKind {
  /** Oven: the door opens, the air temperature drops 10-30 °C and recovers within minutes. */
  DOOR_OPEN(Category.OVEN),
  /** Oven: the weekly cleaning cycle, a long hold near the top of the normal range, out of hours. */
  CLEANING(Category.OVEN),
  /** Oven or heater: staff change the setpoint for a shift or a day. */
  SETPOINT_CHANGE(Category.OVEN, Category.HEATER),
  /** Lamp: cleaners switch the lamps on for 10-60 min while the site is closed. */
  NIGHT_CLEANING(Category.LAMP),
  /** Fan speed: the fan runs at a lower or higher steady speed for a while. */
  SECOND_SPEED(Category.FAN),
  /** Particulate matter: cooking (or a forklift) raises PM by 30-80 µg/m³ for a few minutes. */
  COOKING_BURST(Category.PM),
  /** Any analog sensor: a single-reading outlier from the heavy tail of the sensor noise. */
  GLITCH(Category.OVEN, Category.HEATER, Category.FAN, Category.PM),
  /** Any sensor: one or a few readings that never arrive. */
  DROPOUT(Category.OVEN, Category.HEATER, Category.LAMP, Category.FAN, Category.PM);

  private final Set<Category> categories;

  BenignKind(Category first, Category... rest) {
    this.categories = EnumSet.of(first, rest);
  }

  /** The name used in the database, e.g. {@code night_cleaning}. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this kind occurs on sensors of the category. */
  public boolean belongsTo(Category category) {
    return categories.contains(category);
  }

  /** Parses a stored kind name; throws {@link IllegalArgumentException} naming it. */
  public static BenignKind parse(String text) {
    for (BenignKind k : values()) {
      if (k.dbName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown benign event kind '" + text + "'");
  }
}
