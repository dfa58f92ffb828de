package com.anomalywatcher.web;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.detect.SensorModel.ExpectedRange;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expected band from each sensor's saved model (the {@code --models-dir} of {@code train}), for
 * the sensor page. A model is read once a minute at most, so a retrained one shows up without a
 * restart. Thread-safe.
 */
final class ModelBands {
  private static final Duration RELOAD_AFTER = Duration.ofMinutes(1);

  private record Loaded(Instant at, Optional<SensorModel> model) {}

  private final Optional<ModelRepository> models;
  private final Clock clock;
  private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

  ModelBands(Optional<ModelRepository> models, Clock clock) {
    this.models = models;
    this.clock = clock;
  }

  /** The band at each instant that the sensor's model knows; empty without a model. */
  List<ExpectedRange> band(String sensorId, List<Instant> times) {
    return model(sensorId).map(m -> m.expectedBand(times)).orElse(List.of());
  }

  private Optional<SensorModel> model(String sensorId) {
    if (models.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Loaded loaded = cache.get(sensorId);
    if (loaded == null || loaded.at().plus(RELOAD_AFTER).isBefore(now)) {
      loaded = new Loaded(now, load(sensorId));
      cache.put(sensorId, loaded);
    }
    return loaded.model();
  }

  private Optional<SensorModel> load(String sensorId) {
    try {
      return models.get().load(sensorId);
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      // an unreadable, outdated or unnamable model: the page shows no band rather than failing
      return Optional.empty();
    }
  }
}
