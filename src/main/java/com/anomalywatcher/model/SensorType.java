package com.anomalywatcher.model;

import java.util.Locale;

/** Signal type of a sensor, stored in {@code sensors_data.type} by its lower-case name. */
public enum SensorType {
  ANALOG,
  DIGITAL,
  SERIAL;

  /** Computed once: {@link #dbName} is called for every reading written. */
  private final String dbName = name().toLowerCase(Locale.ROOT);

  /** The name used in the database, e.g. {@code analog}. */
  public String dbName() {
    return dbName;
  }

  /** Parses a stored type name; throws {@link IllegalArgumentException} naming the value. */
  public static SensorType parse(String text) {
    for (SensorType t : values()) {
      if (t.dbName().equalsIgnoreCase(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown sensor type '" + text + "'");
  }
}
