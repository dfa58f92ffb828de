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
  DUST_STORM(Category.PM),
  /** Any analog sensor repeats its last value exactly, where it normally varies (realistic world). */
  FROZEN(Category.OVEN, Category.HEATER, Category.FAN, Category.PM),
  /** Any sensor sends nothing for 15 min or more (realistic world). */
  OFFLINE(Category.OVEN, Category.HEATER, Category.LAMP, Category.FAN, Category.PM),
  /** Oven or heater: the heating time constant grows, so it reaches its setpoint later or never (realistic world). */
  ELEMENT_AGEING(Category.OVEN, Category.HEATER),
  /** Fan speed: vibration grows slowly (realistic world). */
  BEARING_WEAR(Category.FAN);

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
   * digital, do), except {@code offline}, which any sensor can be, and {@code frozen}, which needs
   * a varying (non-digital) value. {@code SensorKind.anomalyKinds()} is the per-kind view of this
   * rule.
   */
  public boolean appliesTo(Category category, SensorType type) {
    if (!belongsTo(category)) {
      return false;
    }
    return switch (this) {
      case OFFLINE -> true;
      case FROZEN -> type != SensorType.DIGITAL;
      default -> type != SensorType.DIGITAL || category == Category.LAMP;
    };
  }

  /**
   * Whether only the realistic world injects this kind at random: the clean world keeps the
   * original fourteen kinds (any kind can still be forced).
   */
  public boolean isRealisticOnly() {
    return this == FROZEN || this == OFFLINE || this == ELEMENT_AGEING || this == BEARING_WEAR;
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
