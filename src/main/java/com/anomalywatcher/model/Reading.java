package com.anomalywatcher.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code sensors_data}: a sensor's value at an instant.
 *
 * <p>Category and location are open sets: the simulator's sensors use the names of {@link
 * Category} and {@link Location}, while a sensor that arrives from outside (MQTT, CSV, another
 * tool) may say {@code fridge} or {@code plant-7}.
 *
 * @param id unique row id (deterministic when the generator is seeded)
 * @param timestamp when the value was read
 * @param sensorId any non-blank id; the simulator's are {@code <kind>-<location>-<6 hex>}
 * @param type analog, digital or serial
 * @param category equipment category as stored, e.g. {@code oven} or {@code fridge}
 * @param value the reading in {@code unit}, finite
 * @param unit e.g. {@code °C}, {@code io}, {@code rpm}, {@code PM}; may be empty
 * @param location the site (kind) as stored, e.g. {@code restaurant}
 * @param metadataJson device metadata as a JSON object (firmware, battery...), never null
 */
public record Reading(
    UUID id,
    Instant timestamp,
    String sensorId,
    SensorType type,
    String category,
    double value,
    String unit,
    String location,
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

  /** A reading of one of the simulator's categories at one of its locations. */
  public Reading(
      UUID id, Instant timestamp, String sensorId, SensorType type, Category category, double value,
      String unit, Location location, String metadataJson) {
    this(id, timestamp, sensorId, type, category.dbName(), value, unit, location.dbName(), metadataJson);
  }
}
