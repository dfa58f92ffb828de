package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.model.AnomalyKind;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Generates a batch of history ({@code sample}): one reading per sensor every interval over
 * [{@code start}, {@code end}), with labelled anomalies, written with COPY, then each sensor's
 * state so a later run continues where this one stopped.
 *
 * <p>Labels are stored as episodes start (with their planned end), committed before the first
 * batch of readings they label is queued ({@link PendingLabels}), so even a run that is killed
 * leaves no anomalous reading unlabelled; episodes still running when the run ends, or when it is
 * stopped, are cut at the last reading. Each sensor starts at {@code start} or, when its stored
 * readings reach into the range, right after its own newest one ({@link SensorStarts}): a set that
 * grew gives its new sensors the whole range, the old ones continue, and no run labels rows it did
 * not write.
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
   * @param forced anomalies to force on top of the random ones (source {@code forced})
   */
  public record Request(List<SensorSpec> fleet, Instant start, Instant end, SimulationSettings settings,
      List<Forced> forced) {
    public Request {
      fleet = List.copyOf(fleet);
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(settings, "settings");
      forced = List.copyOf(forced);
      if (fleet.isEmpty()) {
        throw new IllegalArgumentException("fleet must not be empty");
      }
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("end must be after start, got " + start + " .. " + end);
      }
    }

    /** A request without forced anomalies. */
    public Request(List<SensorSpec> fleet, Instant start, Instant end, SimulationSettings settings) {
      this(fleet, start, end, settings, List.of());
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
   * An anomaly forced on one sensor of the fleet, as {@code anomaly force} does in a running
   * generator: it starts at the first reading at or after {@code start}, its active part lasts
   * {@code duration}, and it is labelled with source {@code forced}.
   */
  public record Forced(String sensorId, AnomalyKind kind, Instant start, Duration duration) {
    public Forced {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(start, "start");
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("forced anomaly duration must be > 0, got " + duration);
      }
    }
  }

  /**
   * What a run did.
   *
   * @param requested the range asked for
   * @param generatedFrom the earliest sensor start: where generation actually started (at or after
   *     the end when every sensor already had readings up to it)
   * @param rowsGenerated readings generated
   * @param rowsWritten readings inserted (a reading already stored is skipped)
   * @param episodesByKind injected episodes per {@code category/kind}
   * @param benignByKind benign events per {@code category/kind}
   * @param elapsed wall time from first reading generated to everything committed
   * @param stopped whether a stop request ended the run early
   * @param sensorsContinued sensors that had readings in the range and continued after their newest
   * @param sensorsComplete sensors that already had readings up to the end (nothing generated)
   * @param storedUpTo the newest reading stored before the run of the sensor least far along, null
   *     when no sensor had one
   */
  public record Result(
      Request requested,
      Instant generatedFrom,
      long rowsGenerated,
      long rowsWritten,
      Map<String, Integer> episodesByKind,
      Map<String, Integer> benignByKind,
      Duration elapsed,
      boolean stopped,
      int sensorsContinued,
      int sensorsComplete,
      Instant storedUpTo) {
    public Result {
      episodesByKind = Map.copyOf(episodesByKind);
      benignByKind = Map.copyOf(benignByKind);
    }

    /** End-to-end ingest speed: rows written per second. */
    public double rowsPerSecond() {
      double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
      return rowsWritten / seconds;
    }

    /** Whether the earliest start moved forward because every sensor already had readings there. */
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
   * stored state ends before the start continue from it at the start; a sensor whose stored
   * readings reach into the range continues after its own newest one; a sensor without state
   * starts afresh at the start.
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
    SensorStarts starts = SensorStarts.of(request, stored);
    if (!starts.anyPending()) {
      return new Result(request, starts.earliest(), 0, 0, Map.of(), Map.of(), Duration.ZERO, false, 0,
          starts.complete(), starts.storedUpTo());
    }
    Duration interval = request.settings().interval();
    GroundTruthStore groundTruth = new GroundTruthStore(db);
    // A generator of these sensors that died left its episodes open beyond its last reading.
    starts.pendingByStart().forEach((start, group) -> groundTruth.closeInterrupted(group, start, interval));
    EpisodeLedger ledger = new EpisodeLedger();
    long started = clock.millis();
    // Every stored state is restored, also of sensors with nothing to do: stepPending skips a sensor
    // until the step after its own newest reading.
    Simulation simulation = new Simulation(request.fleet(), request.settings(), stored);
    for (Forced f : request.forced()) {
      simulation.force(f.sensorId(), f.kind(), f.start(), f.duration());
    }
    Set<String> pending = starts.pendingIds();
    BenignLedger benign = new BenignLedger(new BenignEventStore(db));
    long total = starts.rows();
    long done = 0;
    boolean stopped = false;
    long written;
    boolean ended = false; // the end of the range or a stop asked for, not a failure
    PendingLabels labels = new PendingLabels(groundTruth, ledger);
    try (ReadingWriter writer = ReadingWriter.open(db, ReadingWriter.Options.defaults().withBulkNewDays(), clock)) {
      // Labels first: committed before the readings they label (see GroundTruthStore.upsertAhead).
      writer.beforeEachBatch(labels::flush);
      try {
        for (Instant t = starts.earliest(); t.isBefore(request.end()); t = t.plus(interval)) {
          if (stop.getAsBoolean()) {
            stopped = true;
            break;
          }
          Tick tick = simulation.stepPending(t);
          labels.add(tick.startedEpisodes(), tick.endedEarly());
          writer.writeAll(tick.readings());
          benign.add(tick.benignEvents());
          done += tick.readings().size();
          progress.update(done, total);
        }
        ended = true;
      } finally {
        // Episodes still running stop with the data, so a later continuation does not inherit a
        // label for readings that are normal.
        labels.add(simulation.endOpenEpisodes(), List.of());
        labels.flush();
        benign.flush();
        writer.flush();
        // Only the sensors this run drove: an untouched sensor keeps its state and how it last stopped.
        List<SensorState> states = simulation.states().stream().filter(st -> pending.contains(st.sensorId())).toList();
        if (ended) { // everything is stored: a generator continuing these sensors later has nothing to label
          stateStore.saveAtPlannedStop(states, clock.instant());
        } else {
          stateStore.save(states);
        }
      }
      written = writer.rowsWritten();
    }
    Duration elapsed = Duration.ofMillis(clock.millis() - started);
    return new Result(request, starts.earliest(), done, written, ledger.countByKind(), benign.countByKind(), elapsed,
        stopped, starts.continuing(request.start()), starts.complete(), starts.storedUpTo());
  }
}
