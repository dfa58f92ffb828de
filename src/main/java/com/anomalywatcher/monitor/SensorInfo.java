package com.anomalywatcher.monitor;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What an alert says about its sensor: id, category, location and unit as stored with its
 * readings, and the site's time zone (null when unknown: times are then shown in UTC).
 */
record SensorInfo(String sensorId, String category, String location, String unit, ZoneId zone) {
  SensorInfo {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(unit, "unit");
  }

  /** A sensor whose time zone is unknown. */
  SensorInfo(String sensorId, String category, String location, String unit) {
    this(sensorId, category, location, unit, null);
  }
}
