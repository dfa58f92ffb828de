package com.anomalywatcher.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every kind of anomaly the generator can inject, with the categories it belongs to. Stored in
 * {@code anomaly_events.kind} by {@link #dbName()} (e.g. {@code stuck_off}).
 */
public enum AnomalyKind {
  SPIKE(Category.OVEN, Category.HEATER, Category.FAN),
  DROP(Category.OVEN, Category.HEATER),
  DRIFT(Category.OVEN, Category.HEATER),
  OSCILLATION(Category.OVEN, Category.HEATER),
  FLICKER(Category.LAMP),
  STUCK_OFF(Category.LAMP),
  STUCK_ON(Category.LAMP),
  STALL(Category.FAN),
  VIBRATION(Category.FAN),
  OVERSPEED(Category.FAN),
  POLLUTION_SPIKE(Category.PM),
  SENSOR_DRIFT(Category.PM),
  CALIBRATION_ERROR(Category.PM),
  DUST_STORM(Category.PM);

  private final Set<Category> categories;

  AnomalyKind(Category first, Category... rest) {
    this.categories = EnumSet.of(first, rest);
  }

  /** The name used in the database and on the command line, e.g. {@code pollution_spike}. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this kind belongs to the category (e.g. flicker belongs to lamp only). */
  public boolean belongsTo(Category category) {
    return categories.contains(category);
  }

  /**
   * Whether this kind can be injected into a sensor of the given category and signal type. Fan
   * anomalies act on the speed sensor; a digital fan switch has none of its own (lamps, also
   * digital, do). {@code SensorKind.anomalyKinds()} is the per-kind view of this rule.
   */
  public boolean appliesTo(Category category, SensorType type) {
    if (!belongsTo(category)) {
      return false;
    }
    return type != SensorType.DIGITAL || category == Category.LAMP;
  }

  /** Parses a kind name as typed by a user; throws {@link IllegalArgumentException} naming it. */
  public static AnomalyKind parse(String text) {
    for (AnomalyKind k : values()) {
      if (k.dbName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown anomaly kind '" + text + "'");
  }
}
