package com.anomalywatcher.sim;

import com.anomalywatcher.model.Location;
import java.util.Objects;

/**
 * One simulated sensor of a fleet: its id, kind, location and site. Sensors on the same site share
 * opening hours; the fan switch and the fan speed sensor of a site are a pair.
 *
 * @param sensorId {@code <prefix>-<location>-<6 hex>}
 * @param site site number, {@code index / 6} in a {@link Fleet}
 */
public record SensorSpec(String sensorId, SensorKind kind, Location location, int site) {

  public SensorSpec {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    if (site < 0) {
      throw new IllegalArgumentException("site must be >= 0, got " + site + " for " + sensorId);
    }
    if (!sensorId.startsWith(kind.prefix() + "-" + location.dbName() + "-")) {
      throw new IllegalArgumentException(
          "sensor id '" + sensorId + "' must start with " + kind.prefix() + "-" + location.dbName() + "-");
    }
  }
}
