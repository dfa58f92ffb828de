package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.Category;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The checks a label of the ground truth passes whatever it labels, an anomaly ({@link AnomalyEpisode})
 * or a benign event ({@link BenignEvent}): rows of {@code anomaly_events} and {@code benign_events},
 * which have the same columns. Whether the kind belongs to the category each label checks itself:
 * the two kinds are different types.
 */
final class LabelChecks {
  private LabelChecks() {}

  /** Requires every field of a label but its parameters; a null one is named in the exception. */
  static void requireFields(String sensorId, Category category, Object kind, Instant start, Instant end,
      AnomalySource source) {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(source, "source");
  }

  /** Requires {@code end} after {@code start}; {@code label} names the label in the message ({@code episode}). */
  static void requireEndAfterStart(String label, Instant start, Instant end) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(label + " end must be after start, got " + start + " .. " + end);
    }
  }

  /** The parameters copied, sorted by name and unmodifiable. */
  static Map<String, Double> sorted(Map<String, Double> parameters) {
    return Collections.unmodifiableMap(new TreeMap<>(parameters));
  }
}
