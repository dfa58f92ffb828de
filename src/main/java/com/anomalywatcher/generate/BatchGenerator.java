package com.anomalywatcher.generate;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingWriter;
import com.anomalywatcher.store.SensorStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates a batch of history ({@code sample}): one reading per sensor every interval over
 * [{@code start}, {@code end}), with labelled anomalies, written with COPY; then the ground truth
 * and each sensor's state, so a later run continues where this one stopped.
 */
public final class BatchGenerator {
  private final Database db;
  private final Clock clock;

  /** Uses the database but does not own it; {@code clock} only times the run. */
  public BatchGenerator(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What to generate.
   *
   * @param fleet the sensors, in registry order
   * @param start first reading time (inclusive)
   * @param end no reading at or after this time
   * @param settings seed, interval, anomaly rate
   */
  public record Request(List<SensorSpec> fleet, Instant start, Instant end, SimulationSettings settings) {
    public Request {
      fleet = List.copyOf(fleet);
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(settings, "settings");
      if (fleet.isEmpty()) {
        throw new IllegalArgumentException("fleet must not be empty");
      }
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("end must be after start, got " + start + " .. " + end);
      }
    }

    /** Number of time steps in the range. */
    public long steps() {
      long span = Duration.between(start, end).toMillis();
      long step = settings.interval().toMillis();
      return (span + step - 1) / step;
    }

    /** Rows the run will produce. */
    public long rows() {
      return steps() * fleet.size();
    }
  }

  /**
   * What a run did.
   *
   * @param rows readings produced (and stored, unless they were stored before)
   * @param episodesByKind injected episodes per {@code category/kind}
   * @param elapsed wall time from first reading generated to everything committed
   */
  public record Result(long rows, Map<String, Integer> episodesByKind, Duration elapsed) {
    public Result {
      episodesByKind = Map.copyOf(episodesByKind);
    }

    /** End-to-end ingest speed. */
    public double rowsPerSecond() {
      double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
      return rows / seconds;
    }
  }

  /** Told how far the run has come; called on the generating thread. */
  @FunctionalInterface
  public interface Progress {
    void update(long rowsDone, long rowsTotal);
  }

  /**
   * Runs the batch. Sensors whose stored state ends before {@code start} continue from it; the
   * others start fresh.
   */
  public Result run(Request request, Progress progress) {
    List<String> ids = request.fleet().stream().map(SensorSpec::sensorId).toList();
    Map<String, SensorState> restored = Restore.statesBefore(new SensorStateStore(db).load(ids), request.start());
    Simulation simulation = new Simulation(request.fleet(), request.settings(), restored);
    EpisodeLedger ledger = new EpisodeLedger();
    long total = request.rows();
    long done = 0;
    long started = clock.millis();
    try (ReadingWriter writer = ReadingWriter.open(db, clock)) {
      Duration interval = request.settings().interval();
      for (Instant t = request.start(); t.isBefore(request.end()); t = t.plus(interval)) {
        Tick tick = simulation.step(t);
        for (Reading r : tick.readings()) {
          writer.write(r);
        }
        ledger.record(tick.startedEpisodes());
        ledger.record(tick.endedEarly());
        done += tick.readings().size();
        progress.update(done, total);
      }
      // Episodes still running at the end stop with the data, so a later continuation does not
      // inherit a label for readings that are normal.
      ledger.record(simulation.endOpenEpisodes());
      writer.flush();
    }
    GroundTruthStore groundTruth = new GroundTruthStore(db);
    groundTruth.upsert(ledger.all());
    new SensorStateStore(db).save(simulation.states());
    Duration elapsed = Duration.ofMillis(clock.millis() - started);
    return new Result(done, ledger.countByKind(), elapsed);
  }
}
