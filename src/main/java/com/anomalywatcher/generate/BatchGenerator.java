package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingWriter;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Generates a batch of history ({@code sample}): one reading per sensor every interval over
 * [{@code start}, {@code end}), with labelled anomalies, written with COPY, then each sensor's
 * state so a later run continues where this one stopped.
 *
 * <p>Labels are stored as episodes start (with their planned end), so even a run that is killed
 * leaves no anomalous reading unlabelled; episodes still running when the run ends, or when it is
 * stopped, are cut at the last reading. A run that would overlap readings already stored for its
 * sensors starts after them instead, so it never labels rows it did not write.
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

    Request startingAt(Instant newStart) {
      return new Request(fleet, newStart, end, settings);
    }
  }

  /**
   * What a run did.
   *
   * @param requested the range asked for
   * @param generatedFrom where generation actually started (after readings already stored)
   * @param rowsGenerated readings generated
   * @param rowsWritten readings inserted (a reading already stored is skipped)
   * @param episodesByKind injected episodes per {@code category/kind}
   * @param benignByKind benign events per {@code category/kind}
   * @param elapsed wall time from first reading generated to everything committed
   * @param stopped whether a stop request ended the run early
   */
  public record Result(
      Request requested,
      Instant generatedFrom,
      long rowsGenerated,
      long rowsWritten,
      Map<String, Integer> episodesByKind,
      Map<String, Integer> benignByKind,
      Duration elapsed,
      boolean stopped) {
    public Result {
      episodesByKind = Map.copyOf(episodesByKind);
      benignByKind = Map.copyOf(benignByKind);
    }

    /** End-to-end ingest speed: rows written per second. */
    public double rowsPerSecond() {
      double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
      return rowsWritten / seconds;
    }

    /** Whether the start moved forward because the sensors already had readings there. */
    public boolean continuedAfterStoredReadings() {
      return generatedFrom.isAfter(requested.start());
    }
  }

  /** Told how far the run has come; called on the generating thread. */
  @FunctionalInterface
  public interface Progress {
    void update(long rowsDone, long rowsTotal);
  }

  /** {@link #run(Request, Progress, BooleanSupplier)} without a way to stop early. */
  public Result run(Request request, Progress progress) {
    return run(request, progress, () -> false);
  }

  /**
   * Runs the batch until done or until {@code stop} turns true (checked every step). Sensors whose
   * stored state ends before the start continue from it; when stored readings reach into the
   * range, generation starts after the latest of them.
   */
  public Result run(Request request, Progress progress, BooleanSupplier stop) {
    List<String> ids = request.fleet().stream().map(SensorSpec::sensorId).toList();
    // One generator per sensor at a time: two would interleave readings and overwrite each other's state.
    try (SensorLease lease = SensorLease.acquire(db, ids)) {
      return runLeased(request, progress, stop, ids);
    }
  }

  private Result runLeased(Request request, Progress progress, BooleanSupplier stop, List<String> ids) {
    SensorStateStore stateStore = new SensorStateStore(db);
    Map<String, SensorState> stored = stateStore.load(ids);
    Instant from = firstFreeStep(request, stored.values());
    if (!from.isBefore(request.end())) {
      return new Result(request, from, 0, 0, Map.of(), Map.of(), Duration.ZERO, false);
    }
    Request effective = request.startingAt(from);
    // A generator of these sensors that died left its episodes open beyond its last reading.
    new GroundTruthStore(db).closeInterrupted(ids, effective.start(), request.settings().interval());
    EpisodeLedger ledger = new EpisodeLedger();
    long started = clock.millis();
    Simulation simulation =
        new Simulation(request.fleet(), request.settings(), Restore.statesBefore(stored, effective.start()));
    GroundTruthStore groundTruth = new GroundTruthStore(db);
    BenignLedger benign = new BenignLedger(new BenignEventStore(db));
    long total = effective.rows();
    long done = 0;
    boolean stopped = false;
    long written;
    boolean ended = false; // the end of the range or a stop asked for, not a failure
    try (ReadingWriter writer = ReadingWriter.open(db, clock)) {
      try {
        Duration interval = request.settings().interval();
        for (Instant t = effective.start(); t.isBefore(request.end()); t = t.plus(interval)) {
          if (stop.getAsBoolean()) {
            stopped = true;
            break;
          }
          Tick tick = simulation.step(t);
          // Labels first: committed before the readings they label (see GroundTruthStore.upsertAhead).
          record(groundTruth, ledger, tick.startedEpisodes(), tick.endedEarly());
          writer.writeAll(tick.readings());
          benign.add(tick.benignEvents());
          done += tick.readings().size();
          progress.update(done, total);
        }
        ended = true;
      } finally {
        // Episodes still running stop with the data, so a later continuation does not inherit a
        // label for readings that are normal.
        record(groundTruth, ledger, simulation.endOpenEpisodes(), List.of());
        benign.flush();
        writer.flush();
        if (ended) { // everything is stored: a generator continuing these sensors later has nothing to label
          stateStore.saveAtPlannedStop(simulation.states(), clock.instant());
        } else {
          stateStore.save(simulation.states());
        }
      }
      written = writer.rowsWritten();
    }
    Duration elapsed = Duration.ofMillis(clock.millis() - started);
    return new Result(request, effective.start(), done, written, ledger.countByKind(), benign.countByKind(), elapsed,
        stopped);
  }

  private static void record(
      GroundTruthStore groundTruth, EpisodeLedger ledger, List<AnomalyEpisode> a, List<AnomalyEpisode> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return;
    }
    List<AnomalyEpisode> changed = new ArrayList<>(a);
    changed.addAll(b);
    groundTruth.upsertAhead(changed);
    ledger.record(changed);
  }

  /** The request's start, or the first step after the latest stored reading inside the range. */
  private static Instant firstFreeStep(Request request, Iterable<SensorState> stored) {
    Instant latest = null;
    for (SensorState s : stored) {
      if (!s.timestamp().isBefore(request.start()) && (latest == null || s.timestamp().isAfter(latest))) {
        latest = s.timestamp();
      }
    }
    if (latest == null) {
      return request.start();
    }
    long interval = request.settings().interval().toMillis();
    long steps = Duration.between(request.start(), latest).toMillis() / interval + 1;
    return request.start().plusMillis(steps * interval);
  }
}
