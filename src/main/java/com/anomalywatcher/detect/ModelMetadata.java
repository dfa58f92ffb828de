package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a saved model says about itself.
 *
 * @param formatVersion version of the model file layout ({@link ModelRepository#FORMAT_VERSION})
 * @param modelVersion 1 for a sensor's first model, +1 on every retrain
 * @param sensorId the sensor the model belongs to
 * @param sensorKind the {@code SensorKind} name, e.g. {@code OVEN_TEMPERATURE}
 * @param trainedAt wall-clock time of training
 * @param from start of the training range (exclusive)
 * @param to end of the training range (inclusive)
 * @param points readings the model learned
 * @param parameters detector parameters, by name
 * @param libraryVersion Anomaly Watcher and Random Cut Forest versions
 */
public record ModelMetadata(
    int formatVersion, int modelVersion, String sensorId, String sensorKind, Instant trainedAt,
    Instant from, Instant to, long points, Map<String, Object> parameters, String libraryVersion) {
  public ModelMetadata {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(sensorKind, "sensorKind");
    Objects.requireNonNull(trainedAt, "trainedAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
  }
}
