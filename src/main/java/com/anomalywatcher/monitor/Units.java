package com.anomalywatcher.monitor;

/** How a stored unit is written for people; the one place every printed reading takes it from. */
public final class Units {
  private Units() {}

  /**
   * The unit as a person reads it: particulate matter, stored with the original's unit name
   * {@code PM}, is micrograms per cubic metre ({@code 27.9 PM} reads like a time of day); other units
   * as stored.
   */
  public static String shown(String stored) {
    return "PM".equals(stored) ? "µg/m³" : stored;
  }
}
