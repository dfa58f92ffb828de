package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.ForcedRequest;
import com.anomalywatcher.store.GeneratorStops;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorStateStore;
import com.anomalywatcher.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Generates readings live ({@code continuous}, and the generator half of {@code run}): one reading
 * per sensor every interval, stored as it is made, with labelled anomalies, and forced anomalies
 * requested from other processes through the database picked up before each tick. Runs on the
 * calling thread until its duration is over or a stop is requested; then it ends open episodes,
 * stores each sensor's state, so a restart continues where it stopped, and records the planned stop.
 * A restart after a crash (no planned stop recorded) labels the span its sensors produced nothing as
 * {@code offline} ground truth with source {@code stopped} ({@link GeneratorStops}).
 */
public final class ContinuousGenerator {
  private final Database db;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DatabaseRetry retry;
  private final ReadingOutlet.Factory outlets;
  private Backlog backlog;

  /** How long a database outage may last before the oldest generated readings are dropped. */
  public static final Duration BUFFER = Duration.ofMinutes(10);
  /** At most this many readings are held (about 256 MB) however many sensors run. */
  public static final long MAX_BUFFERED_READINGS = 1_000_000;

  /**
   * @param fleet sensors to run
   * @param simulation seed, interval (the tick period), anomaly rate, demo
   * @param duration how long to run; empty: until stopped
   */
  public record Settings(List<SensorSpec> fleet, SimulationSettings simulation, Optional<Duration> duration) {
    public Settings {
      fleet = List.copyOf(fleet);
      Objects.requireNonNull(simulation, "simulation");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Hears about every tick, on the generating thread. */
  public interface Listener {
    /**
     * @param tick the readings written and the episodes that started or were cut short
     * @param forced forced requests picked up at this tick
     * @param cleared forced episodes ended by {@code anomaly clear} at this tick
     */
    void onTick(Tick tick, List<ForcedRequest> forced, List<AnomalyEpisode> cleared);
  }

  /**
   * What a run did.
   *
   * @param ticks time steps generated
   * @param readings readings committed
   * @param dropped readings dropped because the database was unavailable for longer than the buffer holds
   * @param unstored readings still not committed at exit (the database stayed unavailable)
   * @param episodes injected episodes, latest version of each
   * @param sentTwice readings among {@code readings} that the realistic world's network sent a second
   *     time (the store keeps one row for each)
   */
  public record Summary(long ticks, long readings, long dropped, long unstored, List<AnomalyEpisode> episodes,
      long sentTwice) {
    public Summary {
      episodes = List.copyOf(episodes);
    }
  }

  /**
   * @param retry how database outages are ridden out (and reported); used on the generating thread
   */
  public ContinuousGenerator(Database db, Settings settings, Clock clock, Sleeper sleeper, DatabaseRetry retry) {
    this(db, settings, clock, sleeper, retry, ReadingOutlet.database(db, clock));
  }

  /**
   * @param outlets where the readings go: the database, or an MQTT broker ({@link MqttOutlet});
   *     labels, forced requests and sensor states always live in {@code db}
   */
  public ContinuousGenerator(Database db, Settings settings, Clock clock, Sleeper sleeper, DatabaseRetry retry,
      ReadingOutlet.Factory outlets) {
    this.outlets = Objects.requireNonNull(outlets, "outlets");
    this.db = Objects.requireNonNull(db, "db");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /** A generator that rides out outages with the standard backoff, silently. */
  public ContinuousGenerator(Database db, Settings settings, Clock clock, Sleeper sleeper) {
    this(db, settings, clock, sleeper,
        new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), message -> { }, sleeper::sleepUntil));
  }

  /**
   * Runs until the duration is over or {@code stop} turns true; what was generated is stored
   * either way.
   *
   * @throws InterruptedException if the thread is interrupted while waiting for a tick (state is
   *     saved first)
   */
  public Summary run(BooleanSupplier stop, Listener listener) throws InterruptedException {
    List<String> ids = settings.fleet().stream().map(SensorSpec::sensorId).toList();
    // One generator per sensor at a time: two would interleave readings and overwrite each other's state.
    try (SensorLease lease = SensorLease.acquire(db, ids)) {
      return runLeased(stop, listener, ids, lease);
    }
  }

  private Summary runLeased(BooleanSupplier stop, Listener listener, List<String> ids, SensorLease lease)
      throws InterruptedException {
    Duration interval = settings.simulation().interval();
    Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> deadline = settings.duration().map(first::plus);
    ForcedAnomalyStore forcedStore = new ForcedAnomalyStore(db);
    Optional<Map<String, SensorState>> stored = retry.call(() -> {
      // What a generator of these sensors that died left behind: open episodes, forced requests, and
      // the span it did not produce.
      new GroundTruthStore(db).closeInterrupted(ids, first, interval);
      new GeneratorStops(db).labelUnplanned(settings.fleet().stream()
          .map(s -> new GeneratorStops.Sensor(s.sensorId(), s.kind().category().dbName())).toList(), first, interval);
      forcedStore.expireOrphans(ids, first);
      return new SensorStateStore(db).load(ids);
    }, stop);
    Optional<Optional<Instant>> firstClear = retry.call(forcedStore::lastClear, stop);
    if (stored.isEmpty() || firstClear.isEmpty()) {
      return new Summary(0, 0, 0, 0, List.of(), 0);
    }
    Simulation simulation = new Simulation(settings.fleet(), settings.simulation(), Restore.statesBefore(stored.get(), first));
    EpisodeLedger ledger = new EpisodeLedger();
    Optional<Instant> lastClear = firstClear.get();
    long ticks = 0;
    // Realistic world: some readings arrive late, out of order, or twice, as over a real network.
    LateDelivery delivery = new LateDelivery(settings.simulation().isRealistic() && !settings.simulation().demo());
    try (Backlog backlog = new Backlog(db, clock, maxBufferedReadings(interval), interval, outlets)) {
      this.backlog = backlog;
      boolean planned = false; // a stop asked for or the end of the duration, not a failure
      try {
        Instant next = first;
        while (!stop.getAsBoolean() && deadline.map(next::isBefore).orElse(true)) {
          sleeper.sleepUntil(next, stop);
          if (stop.getAsBoolean()) {
            break;
          }
          Instant t = next;
          // A clear first: it also drops pending requests, so a force that came after it must not be lost.
          List<AnomalyEpisode> cleared = List.of();
          List<ForcedRequest> forced = List.of();
          if (!retry.isDown()) {
            try {
              Optional<Instant> clear = forcedStore.lastClear();
              if (!clear.equals(lastClear)) {
                lastClear = clear;
                cleared = simulation.clearForced(t);
              }
              forced = forcedStore.claimNew(ids, t);
            } catch (StoreException e) {
              retry.noteUnavailable(e); // requests wait in the database until it is back
            }
          }
          for (ForcedRequest r : forced) {
            simulation.force(r.sensorId(), r.kind(), t, r.duration());
          }
          Tick tick = simulation.step(t);
          List<AnomalyEpisode> changed = new ArrayList<>(cleared);
          changed.addAll(tick.startedEpisodes());
          changed.addAll(tick.endedEarly());
          ledger.record(changed);
          backlog.add(delivery.deliver(tick.readings()), changed, simulation.states());
          backlog.addBenign(tick.benignEvents());
          retry.attempt(() -> store(lease));
          ticks++;
          listener.onTick(tick, forced, cleared);
          next = nextTick(t, interval);
        }
        planned = true;
      } catch (InterruptedException e) {
        planned = true;
        throw e;
      } finally {
        List<AnomalyEpisode> ended = simulation.endOpenEpisodes();
        ledger.record(ended);
        backlog.add(delivery.drain(), ended, simulation.states());
        storeBeforeExit(stop, lease);
        if (planned && backlog.pending() == 0) {
          // Readings still held (the database stayed down) are lost: no record, the restart labels them.
          retry.attempt(() -> new GeneratorStops(db).recordPlanned(ids, clock.instant()));
        }
      }
      return new Summary(ticks, backlog.stored(), backlog.dropped(), backlog.pending(), new ArrayList<>(ledger.all()),
          delivery.duplicates());
    }
  }

  /**
   * Stores what is held before the generator returns: waits for the database as long as it takes,
   * unless a stop was requested (then one attempt: Ctrl-C must end the program within a second).
   */
  private void storeBeforeExit(BooleanSupplier stop, SensorLease lease) throws InterruptedException {
    if (stop.getAsBoolean() || !retry.isDown()) {
      retry.attempt(() -> store(lease));
      return;
    }
    retry.call(() -> {
      store(lease);
      return Boolean.TRUE;
    }, stop);
  }

  /** Stores what is held, after making sure no other generator took the sensors during an outage. */
  private void store(SensorLease lease) {
    lease.keep();
    backlog.store();
  }

  /** Readings generated but not yet committed (the database is unavailable); on the generating thread. */
  public long pendingReadings() {
    return backlog == null ? 0 : backlog.pending();
  }

  /** The buffer bound: {@link #BUFFER} of ticks, and at most {@link #MAX_BUFFERED_READINGS}. */
  private long maxBufferedReadings(Duration interval) {
    long ticks = Math.max(1, BUFFER.toSeconds() / Math.max(1, interval.toSeconds()));
    return Math.min(MAX_BUFFERED_READINGS, ticks * Math.max(1, settings.fleet().size()));
  }

  /**
   * The next tick. After a stall (a slow database) the missed ticks are generated at once, so no
   * second goes missing; a stall longer than the buffer (a suspended machine) skips to now.
   */
  private Instant nextTick(Instant previous, Duration interval) {
    Instant next = previous.plus(interval);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return next.plus(BUFFER).isBefore(now) ? now : next;
  }
}
