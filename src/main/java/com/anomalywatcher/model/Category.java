package com.anomalywatcher.model;

import java.util.Locale;

/** Equipment category of a sensor, stored in {@code sensors_data.category} by its lower-case name. */
public enum Category {
  OVEN,
  HEATER,
  LAMP,
  FAN,
  PM;

  /** Computed once: {@link #dbName} is called for every reading written. */
  private final String dbName = name().toLowerCase(Locale.ROOT);

  /** The name used in the database and on the command line, e.g. {@code oven}. */
  public String dbName() {
    return dbName;
  }

  /**
   * Parses a category as typed by a user or stored in the database.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static Category parse(String text) {
    for (Category c : values()) {
      if (c.dbName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown category '" + text + "' (expected one of oven, heater, lamp, fan, pm)");
  }
}
