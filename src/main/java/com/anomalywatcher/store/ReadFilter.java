package com.anomalywatcher.store;

import com.anomalywatcher.model.Category;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which readings {@code read} shows: all optional, combined with AND.
 *
 * @param category the category as stored: one of {@link Category}'s names, or any other a sensor
 *     from outside registered with (a {@code boiler} over MQTT)
 * @param since readings at or after this instant
 */
public record ReadFilter(Optional<String> sensorId, Optional<String> category, Optional<Instant> since) {
  public ReadFilter {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(since, "since");
  }

  /** No filter: every reading. */
  public static ReadFilter all() {
    return new ReadFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The SQL condition for the present filters (placeholders only), starting with " AND". */
  String sql() {
    StringBuilder where = new StringBuilder();
    sensorId.ifPresent(s -> where.append(" AND sensor_id = ?"));
    category.ifPresent(c -> where.append(" AND category = ?"));
    since.ifPresent(t -> where.append(" AND \"timestamp\" >= ?"));
    return where.toString();
  }

  /** Binds the present filters from parameter {@code index}; returns the next free index. */
  int bind(java.sql.PreparedStatement s, int index) throws java.sql.SQLException {
    int i = index;
    if (sensorId.isPresent()) {
      s.setString(i++, sensorId.get());
    }
    if (category.isPresent()) {
      s.setString(i++, category.get());
    }
    if (since.isPresent()) {
      s.setObject(i++, GroundTruthStore.utc(since.get()));
    }
    return i;
  }
}
