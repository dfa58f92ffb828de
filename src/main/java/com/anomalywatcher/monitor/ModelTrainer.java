package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingStore.Sample;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains one model per sensor on the stored history of a time range (no labels: the history is
 * taken as normal) and saves them atomically. Readings are fed in time order across the fleet, so
 * a fan speed model learns alongside its switch. Not thread-safe; one call at a time.
 */
public final class ModelTrainer {
  private static final Duration CHUNK = Duration.ofHours(12);
  private static final Duration MICRO = Duration.ofNanos(1_000);

  /** One trained model. */
  public record Trained(String sensorId, long points, int version, boolean ready) {}

  private final ReadingStore readings;
  private final SensorRegistry registry;
  private final ModelRepository models;
  private final Clock clock;

  /** Uses (does not own) the database and the repository. */
  public ModelTrainer(Database db, ModelRepository models, Clock clock) {
    Objects.requireNonNull(db, "db");
    this.readings = new ReadingStore(db);
    this.registry = new SensorRegistry(db);
    this.models = Objects.requireNonNull(models, "models");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Trains on readings in {@code [from, until)}; returns the models saved (sensors without
   * readings in the range get none). Saves nothing when no sensor has readings there.
   */
  public List<Trained> train(Instant from, Instant until) {
    return train(from, until, TimeProgress.NONE);
  }

  /** As {@link #train(Instant, Instant)}, telling {@code progress} how far through the range it has read. */
  public List<Trained> train(Instant from, Instant until, TimeProgress progress) {
    FleetDetector fleet = new FleetDetector();
    Map<String, SensorRow> sensors = new HashMap<>();
    ReadingOrder order = new ReadingOrder();
    SensorCatalog catalog = new SensorCatalog(registry.descriptions());
    for (SensorRow r : readings.sensors()) {
      catalog.describe(r).ifPresent(sensor -> {
        fleet.add(r.sensorId(), Sites.siteOf(r), SensorDetector.fresh(sensor, r.sensorId()));
        order.add(r.sensorId(), sensor);
        sensors.put(r.sensorId(), r);
      });
    }
    Map<String, long[]> points = new HashMap<>();
    for (Instant lower = from.minus(MICRO); lower.isBefore(until.minus(MICRO)); lower = lower.plus(CHUNK)) {
      Instant upper = lower.plus(CHUNK).isBefore(until.minus(MICRO)) ? lower.plus(CHUNK) : until.minus(MICRO);
      List<Sample> chunk = readings.readings(lower, upper);
      order.sort(chunk);
      for (Sample s : chunk) {
        if (sensors.containsKey(s.sensorId())) {
          fleet.train(s.sensorId(), s.timestamp(), s.value());
          points.computeIfAbsent(s.sensorId(), k -> new long[1])[0]++;
        }
      }
      progress.reached(upper, from, until);
    }
    List<Trained> trained = new ArrayList<>();
    Instant now = clock.instant();
    for (String id : new java.util.TreeSet<>(points.keySet())) {
      SensorDetector detector = fleet.detector(id);
      int version = models.nextVersion(id);
      ModelMetadata metadata = new ModelMetadata(ModelRepository.FORMAT_VERSION, version, id,
          detector.sensor(), now, from, until, points.get(id)[0], detector.parameters(), ModelMetadata.currentLibraryVersion());
      models.save(new SensorModel(metadata, detector.state()));
      trained.add(new Trained(id, points.get(id)[0], version, detector.isReady()));
    }
    return trained;
  }

}
