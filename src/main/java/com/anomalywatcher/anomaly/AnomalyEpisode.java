package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import java.time.Instant;
import java.util.Map;

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
    LabelChecks.requireFields(sensorId, category, kind, start, end, source);
    if (!kind.belongsTo(category)) {
      throw new IllegalArgumentException(
          "anomaly kind " + kind.dbName() + " does not belong to category " + category.dbName());
    }
    LabelChecks.requireEndAfterStart("episode", start, end);
    parameters = LabelChecks.sorted(parameters);
  }

  /** Whether the instant lies inside the episode: {@code start <= t < end}. */
  public boolean covers(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
