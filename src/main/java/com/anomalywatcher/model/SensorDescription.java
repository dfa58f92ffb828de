package com.anomalywatcher.model;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the watcher knows about a sensor, independent of where its data comes from (the simulator,
 * MQTT, a CSV import): equipment category, signal type, unit, the physical range the device can
 * report and, when its metadata says so, the time zone of its site. Detectors depend on this, never
 * on the simulator's sensor table.
 *
 * @param category equipment category; null for a generic sensor of a category without a domain detector
 * @param type signal type
 * @param unit unit of the values, e.g. {@code °C}
 * @param physicalMin lowest value the device can report, {@code -Infinity} when unknown
 * @param physicalMax highest value the device can report, {@code +Infinity} when unknown
 * @param zone time zone of the sensor's site, null when unknown
 * @param generic judged by the generic detector (no schedule, no equipment model): a sensor of a
 *     category the watcher has no detector for, or one whose metadata says {@code "watch": "generic"}
 */
public record SensorDescription(
    Category category, SensorType type, String unit, double physicalMin, double physicalMax, ZoneId zone,
    boolean generic) {

  public SensorDescription {
    if (category == null && !generic) {
      throw new IllegalArgumentException("category is required for a sensor with a domain detector");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
    if (Double.isNaN(physicalMin) || Double.isNaN(physicalMax) || !(physicalMin < physicalMax)) {
      throw new IllegalArgumentException("physical range must satisfy min < max, got ["
          + physicalMin + ", " + physicalMax + "] for a " + (category == null ? "generic" : category.dbName()) + " sensor");
    }
  }

  /** A sensor of one of the known categories, judged by its domain detector. */
  public SensorDescription(
      Category category, SensorType type, String unit, double physicalMin, double physicalMax, ZoneId zone) {
    this(category, type, unit, physicalMin, physicalMax, zone, false);
  }

  /** The known category, empty for a sensor of any other category. */
  public Optional<Category> knownCategory() {
    return Optional.ofNullable(category);
  }

  /**
   * A sensor for the generic detector: {@code category} is null for a category the watcher has no
   * detector for; the physical range comes from the unit as in {@link #ofUnit}.
   */
  public static SensorDescription generic(Category category, SensorType type, String unit, ZoneId zone) {
    SensorDescription d = ofUnit(Category.PM, type, unit, zone);
    return new SensorDescription(category, type, unit, d.physicalMin(), d.physicalMax(), zone, true);
  }

  /** The site's time zone, when the sensor's metadata names one. */
  public Optional<ZoneId> timeZone() {
    return Optional.ofNullable(zone);
  }

  /** Whether this is an on/off sensor. */
  public boolean isDigital() {
    return type == SensorType.DIGITAL;
  }

  /** {@code value} limited to the physical range. */
  public double clamp(double value) {
    return Math.max(physicalMin, Math.min(physicalMax, value));
  }

  /**
   * The description when the source gives no physical range: one derived from the unit (a
   * temperature never goes below absolute zero, a speed or a particle count below 0, an on/off
   * signal is 0 or 1), otherwise unbounded.
   */
  public static SensorDescription ofUnit(Category category, SensorType type, String unit, ZoneId zone) {
    Objects.requireNonNull(unit, "unit");
    double min = Double.NEGATIVE_INFINITY;
    double max = Double.POSITIVE_INFINITY;
    if (type == SensorType.DIGITAL || unit.equals("io")) {
      min = 0;
      max = 1;
    } else if (unit.equals("°C")) {
      min = -273.15;
    } else if (unit.equals("rpm") || unit.equals("PM") || unit.equals("%")) {
      min = 0;
    }
    return new SensorDescription(category, type, unit, min, max, zone);
  }
}
