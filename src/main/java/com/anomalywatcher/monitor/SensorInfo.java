package com.anomalywatcher.monitor;

import java.util.Objects;

/** What an alert says about its sensor: id, category, location and unit as stored with its readings. */
record SensorInfo(String sensorId, String category, String location, String unit) {
  SensorInfo {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(unit, "unit");
  }
}
