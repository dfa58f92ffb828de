package com.anomalywatcher.generate;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.ForcedRequest;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingWriter;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorStateStore;
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
 * calling thread until its duration is over or a stop is requested; then it ends open episodes and
 * stores each sensor's state, so a restart continues where it stopped.
 */
public final class ContinuousGenerator {
  private final Database db;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;

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
   * @param readings readings written
   * @param episodes injected episodes, latest version of each
   */
  public record Summary(long ticks, long readings, List<AnomalyEpisode> episodes) {
    public Summary {
      episodes = List.copyOf(episodes);
    }
  }

  public ContinuousGenerator(Database db, Settings settings, Clock clock, Sleeper sleeper) {
    this.db = Objects.requireNonNull(db, "db");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
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
      return runLeased(stop, listener, ids);
    }
  }

  private Summary runLeased(BooleanSupplier stop, Listener listener, List<String> ids) throws InterruptedException {
    Duration interval = settings.simulation().interval();
    Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> deadline = settings.duration().map(first::plus);
    SensorStateStore states = new SensorStateStore(db);
    GroundTruthStore groundTruth = new GroundTruthStore(db);
    BenignEventStore benign = new BenignEventStore(db);
    ForcedAnomalyStore forcedStore = new ForcedAnomalyStore(db);
    Simulation simulation = new Simulation(settings.fleet(), settings.simulation(), Restore.statesBefore(states.load(ids), first));
    EpisodeLedger ledger = new EpisodeLedger();
    Optional<Instant> lastClear = forcedStore.lastClear();
    long ticks = 0;
    long readings = 0;
    try (ReadingWriter writer = ReadingWriter.open(db, clock)) {
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
          Optional<Instant> clear = forcedStore.lastClear();
          if (!clear.equals(lastClear)) {
            lastClear = clear;
            cleared = simulation.clearForced(t);
          }
          List<ForcedRequest> forced = forcedStore.claimNew(ids, t);
          for (ForcedRequest r : forced) {
            simulation.force(r.sensorId(), r.kind(), t, r.duration());
          }
          Tick tick = simulation.step(t);
          writer.writeAll(tick.readings());
          writer.flush();
          List<AnomalyEpisode> changed = new ArrayList<>(cleared);
          changed.addAll(tick.startedEpisodes());
          changed.addAll(tick.endedEarly());
          if (!changed.isEmpty()) {
            groundTruth.upsert(changed);
            ledger.record(changed);
          }
          benign.upsert(tick.benignEvents());
          states.save(simulation.states());
          ticks++;
          readings += tick.readings().size();
          listener.onTick(tick, forced, cleared);
          next = nextTick(t, interval);
        }
      } finally {
        List<AnomalyEpisode> ended = simulation.endOpenEpisodes();
        groundTruth.upsert(ended);
        ledger.record(ended);
        writer.flush();
        states.save(simulation.states());
      }
    }
    return new Summary(ticks, readings, new ArrayList<>(ledger.all()));
  }

  /** The next tick; after a stall longer than an interval, skips to now instead of catching up. */
  private Instant nextTick(Instant previous, Duration interval) {
    Instant next = previous.plus(interval);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return next.plus(interval).isBefore(now) ? now : next;
  }
}
