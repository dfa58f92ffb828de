package com.anomalywatcher.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code sensors_data}: a sensor's value at an instant.
 *
 * @param id unique row id (deterministic when the generator is seeded)
 * @param timestamp when the value was read
 * @param sensorId {@code <kind>-<location>-<6 hex>}, e.g. {@code oven-restaurant-3fa2c1}
 * @param type analog, digital or serial
 * @param category equipment category
 * @param value the reading in {@code unit}
 * @param unit {@code °C}, {@code io}, {@code rpm} or {@code PM}
 * @param location the site kind
 * @param metadataJson device metadata as a JSON object (firmware, battery...), never null
 */
public record Reading(
    UUID id,
    Instant timestamp,
    String sensorId,
    SensorType type,
    Category category,
    double value,
    String unit,
    Location location,
    String metadataJson) {

  public Reading {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(metadataJson, "metadataJson");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value + " for " + sensorId);
    }
  }
}
