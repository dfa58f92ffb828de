package com.anomalywatcher.monitor;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes simulated history into a test database the way {@code sample} does: a clean stretch,
 * then an anomalous stretch continuing from the simulation's state, with the episodes labelled.
 */
public final class GeneratedHistory {
  static final Duration MINUTE = Duration.ofMinutes(1);

  private final List<SensorSpec> fleet;
  private final long seed;
  private Map<String, SensorState> states = new HashMap<>();

  public GeneratedHistory(long seed, int sensors) {
    this.seed = seed;
    this.fleet = Fleet.create(sensors, seed);
  }

  List<SensorSpec> fleet() {
    return fleet;
  }

  /** Readings at one-minute steps in {@code [from, to)} at the given rate; returns the episodes. */
  public List<AnomalyEpisode> write(Database db, Instant from, Instant to, double rate) {
    return write(db, from, to, MINUTE, rate, id -> true);
  }

  /**
   * Readings at {@code step} in {@code [from, to)} at the given rate, stored for the sensors
   * {@code stored} accepts (the others are simulated and their readings dropped); returns the episodes.
   */
  public List<AnomalyEpisode> write(Database db, Instant from, Instant to, Duration step, double rate,
      java.util.function.Predicate<String> stored) {
    Simulation sim = new Simulation(fleet, new SimulationSettings(seed, step, rate, false), states);
    List<AnomalyEpisode> episodes = new ArrayList<>();
    try (ReadingWriter writer = ReadingWriter.open(db, Clock.fixed(to, ZoneOffset.UTC))) {
      for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
        Tick tick = sim.step(t);
        writer.writeAll(tick.readings().stream().filter(r -> stored.test(r.sensorId())).toList());
        episodes.addAll(tick.startedEpisodes());
        episodes.addAll(tick.endedEarly());
      }
      episodes.addAll(sim.endOpenEpisodes());
      writer.flush();
    }
    if (!episodes.isEmpty()) {
      new GroundTruthStore(db).upsert(episodes);
    }
    states = new HashMap<>();
    for (SensorState s : sim.states()) {
      states.put(s.sensorId(), s);
    }
    return episodes;
  }
}
