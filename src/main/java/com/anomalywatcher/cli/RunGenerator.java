package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.generate.ContinuousGenerator;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code run}'s generator on its own thread; {@link #finish()} waits for it and returns what it injected.
 * It says each episode as it starts, at its sensor's local time with the zone's name
 * ({@code zones}: the zone the generator writes into each sensor's metadata), as the alerts and
 * the summary do; it said UTC ({@code 2026-12-06T06:22:50Z}) beside alerts in local time.
 */
final class RunGenerator {
  private final Thread thread;
  private final AtomicReference<ContinuousGenerator.Summary> summary = new AtomicReference<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Map<String, ZoneId> zones;

  /** @param zones each sensor the generator drives, with its zone */
  RunGenerator(ContinuousGenerator generator, StopSignal stop, PrintWriter out, Map<String, ZoneId> zones) {
    this.zones = Map.copyOf(zones);
    thread = new Thread(() -> {
      try {
        summary.set(generator.run(stop::requested, (tick, forced, cleared) -> {
          for (AnomalyEpisode e : tick.startedEpisodes()) {
            synchronized (out) {
              out.println(RunCommand.injectedLine(e, this.zones.get(e.sensorId())));
              out.flush();
            }
          }
        }));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.set(e);
        stop.request();
      }
    }, "aw-generator");
    thread.start();
  }

  /** Whether the generator drives the sensor {@code sensorId}. */
  boolean drives(String sensorId) {
    return zones.containsKey(sensorId);
  }

  List<AnomalyEpisode> finish() throws InterruptedException {
    thread.join();
    if (failure.get() != null) {
      throw new CommandFailure("generator failed: " + failure.get().getMessage(), failure.get());
    }
    ContinuousGenerator.Summary s = summary.get();
    return s == null ? List.of() : s.episodes();
  }

  /** Readings stored (or acknowledged by the broker); after {@link #finish}. */
  long published() {
    ContinuousGenerator.Summary s = summary.get();
    return s == null ? 0 : s.readings();
  }
}
