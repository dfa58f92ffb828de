package com.anomalywatcher.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A row of {@code sensors_data} exactly as stored, for showing it: type, category, unit, location
 * and metadata stay text, so rows other programs wrote (a location or category the simulator does
 * not know) display as they are instead of failing to parse.
 *
 * @param metadataJson the {@code sensors_metadata} JSON text, never null
 */
public record StoredReading(
    UUID id,
    Instant timestamp,
    String sensorId,
    String type,
    String category,
    double value,
    String unit,
    String location,
    String metadataJson) {

  public StoredReading {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(sensorId, "sensorId");
    type = Objects.requireNonNullElse(type, "");
    category = Objects.requireNonNullElse(category, "");
    unit = Objects.requireNonNullElse(unit, "");
    location = Objects.requireNonNullElse(location, "");
    metadataJson = Objects.requireNonNullElse(metadataJson, "{}");
  }
}
