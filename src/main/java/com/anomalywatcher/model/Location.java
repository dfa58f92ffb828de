package com.anomalywatcher.model;

import java.util.Locale;

/** Kind of site a sensor is installed at; part of the sensor id. */
public enum Location {
  RESTAURANT,
  SUPERMARKET,
  FACTORY,
  WAREHOUSE;

  /** Computed once: {@link #dbName} is called for every reading written. */
  private final String dbName = name().toLowerCase(Locale.ROOT);

  /** The name used in sensor ids and in {@code sensors_data.location}. */
  public String dbName() {
    return dbName;
  }

  /** Parses a stored location name; throws {@link IllegalArgumentException} naming the value. */
  public static Location parse(String text) {
    for (Location l : values()) {
      if (l.dbName().equalsIgnoreCase(text)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown location '" + text + "'");
  }
}
