package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains one model per sensor on the stored history of a time range (no labels: the history is
 * taken as normal) and saves them atomically. The history is streamed through a server-side cursor
 * in time slices whose size follows the fleet's, so memory stays bounded whatever the range; the
 * sensors are split by site into one {@link TrainingLane} per processor, each learning its sensors
 * in time order (a fan speed model alongside its site's switch) and saving their models. Not
 * thread-safe; one call at a time.
 */
public final class ModelTrainer {
  private static final Duration MICRO = Duration.ofNanos(1_000);
  /** Readings a time slice aims at (at one reading per sensor and minute): about 30 MB in flight. */
  private static final long SLICE_READINGS = 200_000;

  /** One trained model. */
  public record Trained(String sensorId, long points, int version, boolean ready) {}

  private final ReadingStore readings;
  private final SensorRegistry registry;
  private final ModelRepository models;
  private final Clock clock;
  private final int lanes;

  /** Uses (does not own) the database and the repository; learns on every processor. */
  public ModelTrainer(Database db, ModelRepository models, Clock clock) {
    this(db, models, clock, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #ModelTrainer(Database, ModelRepository, Clock)} with {@code lanes} learning threads (at least 1). */
  public ModelTrainer(Database db, ModelRepository models, Clock clock, int lanes) {
    Objects.requireNonNull(db, "db");
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
    }
    this.readings = new ReadingStore(db);
    this.registry = new SensorRegistry(db);
    this.models = Objects.requireNonNull(models, "models");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lanes = lanes;
  }

  /**
   * Trains on readings in {@code [from, until)}; returns the models saved (sensors without
   * readings in the range get none), sorted by sensor id. Saves nothing when no sensor has readings there.
   */
  public List<Trained> train(Instant from, Instant until) {
    return train(from, until, TimeProgress.NONE);
  }

  /** As {@link #train(Instant, Instant)}, telling {@code progress} how far through the range it has read. */
  public List<Trained> train(Instant from, Instant until, TimeProgress progress) {
    SensorCatalog catalog = new SensorCatalog(registry.descriptions());
    List<TrainingLane> all = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      all.add(new TrainingLane("train-lane-" + i, models, from, until, clock.instant()));
    }
    Map<String, Target> laneOf = new HashMap<>();
    for (SensorRow r : readings.sensors()) {
      String site = Sites.siteOf(r);
      TrainingLane lane = all.get(Math.floorMod(site.hashCode(), lanes));
      catalog.describe(r).ifPresent(sensor -> laneOf.put(r.sensorId(), new Target(lane, lane.add(r.sensorId(), site, sensor))));
    }
    all.forEach(TrainingLane::start);
    try {
      stream(from, until, laneOf, all, progress);
      List<Trained> trained = new ArrayList<>();
      for (TrainingLane lane : all) {
        trained.addAll(lane.finish());
      }
      trained.sort(Comparator.comparing(Trained::sensorId));
      return trained;
    } finally {
      all.forEach(TrainingLane::close);
    }
  }

  /** Where a sensor's readings go: its lane and its index there. */
  private record Target(TrainingLane lane, int index) {}

  private void stream(Instant from, Instant until, Map<String, Target> laneOf, List<TrainingLane> all,
      TimeProgress progress) {
    Duration slice = slice(laneOf.size());
    long[] read = {0};
    Instant end = until.minus(MICRO);
    for (Instant lower = from.minus(MICRO); lower.isBefore(end); lower = lower.plus(slice)) {
      Instant upper = lower.plus(slice).isBefore(end) ? lower.plus(slice) : end;
      readings.forEachSample(lower, upper, (id, at, value) -> {
        Target t = laneOf.get(id);
        if (t != null) {
          t.lane().offer(t.index(), at, value);
          read[0]++;
        }
      });
      for (TrainingLane lane : all) {
        lane.endSlice();
      }
      progress.reached(upper, from, until, read[0]);
    }
  }

  /** A time slice of about {@link #SLICE_READINGS} readings at one per sensor and minute: 1 min to 12 h. */
  static Duration slice(int sensors) {
    long minutes = SLICE_READINGS / Math.max(1, sensors);
    return Duration.ofMinutes(Math.max(1, Math.min(12 * 60, minutes)));
  }
}
