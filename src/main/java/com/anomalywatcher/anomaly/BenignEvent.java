package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.Category;
import java.time.Instant;
import java.util.Map;

/**
 * A labelled benign event: normal operation that looks odd, on one sensor from {@code start}
 * (inclusive) to {@code end} (exclusive). One row of {@code benign_events} (same columns as
 * {@code anomaly_events}), so an evaluation can tell a false alert on a look-alike from one on
 * nothing.
 *
 * @param parameters numeric parameters such as {@code dropCelsius}, copied and sorted by name
 */
public record BenignEvent(
    String sensorId,
    Category category,
    BenignKind kind,
    Instant start,
    Instant end,
    Map<String, Double> parameters,
    AnomalySource source) {

  public BenignEvent {
    LabelChecks.requireFields(sensorId, category, kind, start, end, source);
    if (!kind.belongsTo(category)) {
      throw new IllegalArgumentException(
          "benign kind " + kind.dbName() + " does not belong to category " + category.dbName());
    }
    LabelChecks.requireEndAfterStart("benign event", start, end);
    parameters = LabelChecks.sorted(parameters);
  }

  /** Whether the instant lies inside the event: {@code start <= t < end}. */
  public boolean covers(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
