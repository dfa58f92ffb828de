package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: drives a simulation over a time range and keeps readings and episodes. */
final class SimRun {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final List<Reading> readings = new ArrayList<>();
  final Map<String, List<Reading>> bySensor = new LinkedHashMap<>();
  final List<AnomalyEpisode> episodes = new ArrayList<>();
  final List<AnomalyEpisode> endedEarly = new ArrayList<>();
  final List<BenignEvent> benign = new ArrayList<>();
  private final Map<String, List<AnomalyEpisode>> episodesBySensor = new LinkedHashMap<>();
  final Simulation simulation;

  SimRun(Simulation simulation) {
    this.simulation = simulation;
  }

  static SimRun of(int sensors, long seed, Duration interval, double rate, boolean demo) {
    return new SimRun(new Simulation(Fleet.create(sensors, seed), new SimulationSettings(seed, interval, rate, demo), Map.of()));
  }

  /** The realistic world in the given zones (default zones when none). */
  static SimRun realistic(int sensors, long seed, double rate, Difficulty difficulty, String... zones) {
    List<ZoneId> ids = new ArrayList<>();
    for (String z : zones) {
      ids.add(ZoneId.of(z));
    }
    SimulationSettings settings = SimulationSettings.realistic(seed, Duration.ofMinutes(1), rate, false, difficulty, ids);
    return new SimRun(new Simulation(Fleet.create(sensors, seed), settings, Map.of()));
  }

  SimRun steps(Instant from, Duration interval, int count) {
    for (int i = 0; i < count; i++) {
      Tick tick = simulation.step(from.plus(interval.multipliedBy(i)));
      for (Reading r : tick.readings()) {
        readings.add(r);
        bySensor.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(r);
      }
      episodes.addAll(tick.startedEpisodes());
      for (AnomalyEpisode e : tick.startedEpisodes()) {
        episodesBySensor.computeIfAbsent(e.sensorId(), k -> new ArrayList<>()).add(e);
      }
      endedEarly.addAll(tick.endedEarly());
      benign.addAll(tick.benignEvents());
    }
    return this;
  }

  /** The episode covering the reading, if any. */
  AnomalyEpisode episodeOf(Reading r) {
    for (AnomalyEpisode e : episodesBySensor.getOrDefault(r.sensorId(), List.of())) {
      if (e.covers(r.timestamp())) {
        return e;
      }
    }
    return null;
  }

  boolean isAnomalous(Reading r) {
    return episodeOf(r) != null;
  }
}
