package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Prints a cold fleet's detections on the demo script at 5-second readings (tuning aid). */
final class DemoTrace {
  private DemoTrace() {}

  public static void main(String[] args) {
    String prefix = args.length > 0 ? args[0] : "oven";
    List<SensorSpec> fleet = Fleet.create(6, 5);
    FleetDetector detectors = new FleetDetector();
    for (SensorSpec s : fleet) {
      detectors.add(s.sensorId(), "site:" + s.site(), SensorDetector.fresh(s.kind().description(), s.sensorId()));
    }
    Simulation sim = new Simulation(fleet, new SimulationSettings(5, Duration.ofSeconds(5), 0, true), Map.of());
    Instant t = Instant.parse("2026-03-01T12:00:00Z");
    for (int i = 0; i < 72; i++, t = t.plusSeconds(5)) {
      Tick tick = sim.step(t);
      for (Reading r : tick.readings()) {
        Detection d = detectors.observe(r.sensorId(), r.timestamp(), r.value());
        if (r.sensorId().startsWith(prefix + "-")) {
          String label = tick.startedEpisodes().stream().filter(e -> e.sensorId().equals(r.sensorId()))
              .map(e -> " <- " + e.kind().dbName()).findFirst().orElse("");
          System.out.printf("%3d %s %.1f score %.2f %s [%.1f, %.1f]%s%n", i, r.sensorId(), r.value(), d.score(),
              d.kind(), d.expectedLow(), d.expectedHigh(), label);
        }
      }
    }
  }
}
