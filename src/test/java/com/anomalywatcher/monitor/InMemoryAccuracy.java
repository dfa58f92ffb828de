package com.anomalywatcher.monitor;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The acceptance scenario without a database: a clean training week, then a day at an anomaly
 * rate continuing from the simulation's state, trained detectors scoring the day in time order,
 * alerts matched against the episodes by {@link GroundTruthEvaluation}. Fast enough for tuning
 * and for a regression test.
 */
final class InMemoryAccuracy {
  /** What one run produced. */
  record Result(EvaluationReport report, List<AlertRow> alerts, List<EpisodeRow> episodes) {}

  private static final String TRACE = System.getProperty("trace", "");
  private static final Instant TRACE_FROM = Instant.parse(System.getProperty("traceFrom", "2000-01-01T00:00:00Z"));

  private InMemoryAccuracy() {}

  static Result run(long seed, int sensors, Instant end, double rate, double threshold) {
    Duration interval = Duration.ofMinutes(1);
    Instant cut = end.minus(Duration.ofDays(1));
    Instant trainFrom = cut.minus(Duration.ofDays(7));
    List<SensorSpec> fleet = Fleet.create(sensors, seed);
    FleetDetector detectors = new FleetDetector();
    Map<String, SensorSpec> specs = new HashMap<>();
    for (SensorSpec s : fleet) {
      detectors.add(s.sensorId(), "site:" + s.site(), SensorDetector.fresh(s.kind().description(), s.sensorId()));
      specs.put(s.sensorId(), s);
    }
    Simulation clean = new Simulation(fleet, new SimulationSettings(seed, interval, 0, false), Map.of());
    for (Instant t = trainFrom.plus(interval); !t.isAfter(cut); t = t.plus(interval)) {
      for (Reading r : ordered(clean.step(t).readings(), specs)) {
        detectors.train(r.sensorId(), r.timestamp(), r.value());
      }
    }
    Map<String, SensorState> states = new HashMap<>();
    for (SensorState s : clean.states()) {
      states.put(s.sensorId(), s);
    }
    Simulation day = new Simulation(fleet, new SimulationSettings(seed, interval, rate, false), states);
    AlertPolicy policy = new AlertPolicy(threshold, AlertPolicy.DEFAULT_QUIET_READINGS);
    Map<String, AlertTracker> trackers = new HashMap<>();
    Map<String, AlertRow> alerts = new LinkedHashMap<>();
    Map<String, AnomalyEpisode> episodes = new LinkedHashMap<>();
    Map<String, long[]> counts = new HashMap<>();
    for (Instant t = cut.plus(interval); !t.isAfter(end); t = t.plus(interval)) {
      Tick tick = day.step(t);
      for (AnomalyEpisode e : tick.startedEpisodes()) {
        episodes.put(e.sensorId() + e.kind() + e.start(), e);
      }
      for (AnomalyEpisode e : tick.endedEarly()) {
        episodes.put(e.sensorId() + e.kind() + e.start(), e);
      }
      for (Reading r : ordered(tick.readings(), specs)) {
        counts.computeIfAbsent(r.sensorId(), k -> new long[1])[0]++;
        Detection d = detectors.observe(r.sensorId(), r.timestamp(), r.value());
        if (r.sensorId().startsWith(TRACE) && !TRACE.isEmpty()
            && r.timestamp().isAfter(TRACE_FROM) && r.timestamp().isBefore(TRACE_FROM.plus(Duration.ofMinutes(40)))) {
          System.out.printf("    %s %s %.1f score %.2f %s [%.1f, %.1f]%n", r.timestamp(), r.sensorId(), r.value(),
              d.score(), d.kind(), d.expectedLow(), d.expectedHigh());
        }
        AlertTracker tracker = trackers.computeIfAbsent(r.sensorId(), k -> new AlertTracker(
            new SensorInfo(r.sensorId(), r.category(), r.location(), r.unit()), policy, null, 0));
        for (AlertChange c : tracker.observe(r.timestamp(), r.value(), d)) {
          alerts.put(c.alert().sensorId() + c.alert().openedAt(), c.alert());
        }
      }
    }
    List<EpisodeRow> rows = new ArrayList<>();
    for (AnomalyEpisode e : episodes.values()) {
      rows.add(new EpisodeRow(e.sensorId(), e.category().dbName(), e.kind(), e.start(), e.end(),
          e.source().dbName()));
    }
    List<Coverage> coverage = new ArrayList<>();
    counts.forEach((id, n) -> coverage.add(new Coverage(id, n[0], cut.plus(interval), end)));
    List<AlertRow> alertList = new ArrayList<>(alerts.values());
    EvaluationReport report = GroundTruthEvaluation.evaluate(rows, alertList, coverage, cut);
    return new Result(report, alertList, rows);
  }

  private static List<Reading> ordered(List<Reading> readings, Map<String, SensorSpec> specs) {
    List<Reading> out = new ArrayList<>(readings);
    out.sort((a, b) -> Integer.compare(specs.get(a.sensorId()).kind().ordinal(), specs.get(b.sensorId()).kind().ordinal()));
    return out;
  }

  /** Tuning entry point: {@code InMemoryAccuracy <seed>...}; prints the table and the misses. */
  public static void main(String[] args) {
    Instant end = Instant.parse(System.getProperty("end", "2026-11-20T17:00:00Z"));
    double threshold = Double.parseDouble(System.getProperty("threshold", "0.7"));
    boolean verbose = Boolean.getBoolean("verbose");
    java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
    for (String a : args) {
      long seed = Long.parseLong(a);
      long t0 = System.nanoTime();
      Result r = run(seed, 12, end, 0.02, threshold);
      out.printf("seed %d (%.1f s)%n", seed, (System.nanoTime() - t0) / 1e9);
      r.report().printTable(out);
      if (verbose) {
        printMisses(out, r);
      }
    }
  }

  private static void printMisses(java.io.PrintWriter out, Result r) {
    for (EpisodeRow e : r.episodes()) {
      boolean hit = r.alerts().stream().anyMatch(a -> a.sensorId().equals(e.sensorId())
          && !a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(e.end().plus(Duration.ofMinutes(2))));
      out.printf("  %s %-18s %s %s -> %s%n", hit ? "hit " : "MISS", e.kind(), e.sensorId(), e.start(), e.end());
    }
    for (AlertRow a : r.alerts()) {
      boolean matched = r.episodes().stream().anyMatch(e -> a.sensorId().equals(e.sensorId())
          && !a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(e.end().plus(Duration.ofMinutes(2))));
      if (!matched) {
        out.printf("  FALSE %s %s peak %.2f %s%n", a.openedAt(), a.kind(), a.peakScore(), a.explanation());
      }
    }
  }
}
