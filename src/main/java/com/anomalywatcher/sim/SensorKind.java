package com.anomalywatcher.sim;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorType;

/**
 * The table of simulated sensor kinds (the original's {@code SENSOR_CLASSES}): id prefix,
 * category, signal type, unit and physical range. Adding a kind is adding a constant here.
 */
public enum SensorKind {
  OVEN_TEMPERATURE("oven", Category.OVEN, SensorType.ANALOG, "°C", 0, 350),
  HEATER_TEMPERATURE("heater", Category.HEATER, SensorType.ANALOG, "°C", 0, 180),
  LAMP("lamp", Category.LAMP, SensorType.DIGITAL, "io", 0, 1),
  FAN_SWITCH("fanswitch", Category.FAN, SensorType.DIGITAL, "io", 0, 1),
  FAN_SPEED("fan", Category.FAN, SensorType.ANALOG, "rpm", 0, 1000),
  PARTICULATE_MATTER("pm", Category.PM, SensorType.SERIAL, "PM", 0, 36000);

  private final String prefix;
  private final Category category;
  private final SensorType type;
  private final String unit;
  private final double min;
  private final double max;

  SensorKind(String prefix, Category category, SensorType type, String unit, double min, double max) {
    this.prefix = prefix;
    this.category = category;
    this.type = type;
    this.unit = unit;
    this.min = min;
    this.max = max;
  }

  /** Sensor id prefix, e.g. {@code oven}. */
  public String prefix() {
    return prefix;
  }

  public Category category() {
    return category;
  }

  public SensorType type() {
    return type;
  }

  public String unit() {
    return unit;
  }

  /** Lowest physically possible value, in {@link #unit()}. */
  public double min() {
    return min;
  }

  /** Highest physically possible value, in {@link #unit()}. */
  public double max() {
    return max;
  }

  /** The kind whose prefix starts the given sensor id, e.g. {@code oven-restaurant-3fa2c1}. */
  public static SensorKind ofSensorId(String sensorId) {
    int dash = sensorId == null ? -1 : sensorId.indexOf('-');
    if (dash > 0) {
      String p = sensorId.substring(0, dash);
      for (SensorKind k : values()) {
        if (k.prefix.equals(p)) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("sensor id '" + sensorId + "' does not start with a known kind prefix");
  }
}
