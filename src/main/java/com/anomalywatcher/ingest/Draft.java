package com.anomalywatcher.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * A valid value of a sensor at an instant, with whatever the message said about the sensor (null
 * where it said nothing). Becomes a reading once the sensor's attributes are resolved.
 *
 * @param arrival where it came from (for a reject that only resolution can find, such as a bad type)
 * @param value finite
 * @param metadata what the message said about the sensor in its {@code metadata} object, or null
 */
public record Draft(
    Arrival arrival, String sensorId, Instant timestamp, double value, String category, String type,
    String unit, String location, Metadata metadata) {
  public Draft {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(timestamp, "timestamp");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value);
    }
  }
}
