package com.anomalywatcher.store;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Synthetic readings for store tests and the ingest bench: deterministic, one per sensor per step. */
final class TestReadings {
  private TestReadings() {}

  static String sensorId(int sensor) {
    return String.format("oven-factory-%06x", sensor);
  }

  static Reading reading(int sensor, Instant t, double value) {
    UUID id = timeOrderedId(sensor, t);
    return new Reading(
        id,
        t,
        sensorId(sensor),
        SensorType.ANALOG,
        Category.OVEN,
        value,
        "°C",
        Location.FACTORY,
        "{\"firmware\": \"v2.1.0\", \"battery\": " + (90 - sensor % 10) + "}");
  }

  /**
   * A UUID version 7 layout (48-bit Unix milliseconds first, then deterministic bits), as a seeded
   * generator can make: rows written in time order then append to the primary-key index.
   */
  static UUID timeOrderedId(int sensor, Instant t) {
    UUID hash = UUID.nameUUIDFromBytes((sensor + "@" + t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long msb = (t.toEpochMilli() << 16) | 0x7000L | (hash.getMostSignificantBits() & 0x0FFFL);
    long lsb = (hash.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** {@code steps} instants from {@code start} every {@code step}, all sensors at each instant. */
  static List<Reading> series(int sensors, Instant start, Duration step, int steps) {
    List<Reading> rows = new ArrayList<>(sensors * steps);
    for (int i = 0; i < steps; i++) {
      Instant t = start.plus(step.multipliedBy(i));
      for (int s = 0; s < sensors; s++) {
        rows.add(reading(s, t, 150 + (i % 100) + s));
      }
    }
    return rows;
  }
}
