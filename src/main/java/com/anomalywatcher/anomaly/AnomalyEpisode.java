package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A labelled anomaly: one sensor behaves abnormally from {@code start} (inclusive) to {@code end}
 * (exclusive). One row of {@code anomaly_events}; detection is scored against these.
 *
 * @param parameters numeric parameters such as {@code magnitude} or {@code ratePerMinute}, in the
 *     sensor's unit; copied and sorted by name
 */
public record AnomalyEpisode(
    String sensorId,
    Category category,
    AnomalyKind kind,
    Instant start,
    Instant end,
    Map<String, Double> parameters,
    AnomalySource source) {

  public AnomalyEpisode {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(source, "source");
    if (!kind.belongsTo(category)) {
      throw new IllegalArgumentException(
          "anomaly kind " + kind.dbName() + " does not belong to category " + category.dbName());
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("episode end must be after start, got " + start + " .. " + end);
    }
    parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /** Whether the instant lies inside the episode: {@code start <= t < end}. */
  public boolean covers(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
