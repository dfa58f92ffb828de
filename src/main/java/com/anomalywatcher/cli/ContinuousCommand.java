package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.ForcedRequest;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code continuous}: live readings every interval until the duration is over or Ctrl-C. */
@Command(
    name = "continuous",
    mixinStandardHelpOptions = true,
    description = {
      "Generate readings live at a fixed interval until the duration is over or Ctrl-C.",
      "Ctrl-C stores what was generated and exits 0. Forced anomalies ('anomaly force')",
      "from other terminals are picked up before the next reading."
    })
final class ContinuousCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60", description = "Seconds between readings (default: ${DEFAULT-VALUE}).")
  int intervalSeconds;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = "6", description = "Number of sensors (default: ${DEFAULT-VALUE}); known sensors are reused.")
  int sensors;

  @Option(names = "--duration", paramLabel = "MINUTES", description = "Minutes to run (default: until Ctrl-C).")
  Double durationMinutes;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = "0.03", description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--demo", description = "Run the scripted demo: every anomaly kind within a few minutes (see docs/DEMO.md).")
  boolean demo;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for sensor ids and behaviour (default: reuse known sensors, random behaviour).")
  Long seed;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    SimulationSettings simulation =
        new SimulationSettings(masterSeed, Duration.ofSeconds(intervalSeconds), anomalyRate, demo);
    Optional<Duration> duration =
        Optional.ofNullable(durationMinutes).map(m -> Duration.ofMillis(Math.round(m * 60_000)));
    StopSignal stop = StopSignal.onInterrupt();
    try (Database db = dbOptions.openInitialised()) {
      List<SensorSpec> fleet =
          new FleetResolver(new SensorRegistry(db))
              .resolve(sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
      out.printf(Locale.ROOT, "generating %d sensors every %d s%s%s; Ctrl-C to stop%n",
          fleet.size(), intervalSeconds, demo ? ", demo anomalies" : ", anomaly rate " + anomalyRate,
          duration.map(d -> " for " + durationMinutes + " min").orElse(""));
      out.flush();
      Sleeper sleeper = Sleeper.real(clock);
      PrintWriter err = spec.commandLine().getErr();
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), line -> {
        err.println(line);
        err.flush();
      }, sleeper::sleepUntil);
      ContinuousGenerator generator = new ContinuousGenerator(
          db, new ContinuousGenerator.Settings(fleet, simulation, duration), clock, sleeper, retry);
      ContinuousGenerator.Summary summary = generator.run(stop::requested,
          (tick, forced, cleared) -> report(out, tick, forced, cleared, generator.pendingReadings()));
      out.printf(Locale.ROOT, "%sstopped: %d ticks, %d readings written, %d anomaly episodes%s%n",
          stop.requested() ? "interrupted, " : "", summary.ticks(), summary.readings(), summary.episodes().size(),
          summary.dropped() == 0 ? "" : ", " + summary.dropped() + " readings dropped during a database outage");
      out.flush();
      if (summary.unstored() > 0) {
        throw new CommandFailure(summary.unstored() + " generated readings were not stored: database unavailable since "
            + retry.downSince().map(Object::toString).orElse("?"));
      }
    } finally {
      stop.close();
    }
    return 0;
  }

  private void validate() {
    WatchOptions.requireIntervalSeconds(spec, "--interval", intervalSeconds);
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    if (durationMinutes != null) {
      WatchOptions.requirePositive(spec, "--duration", durationMinutes, "minutes");
    }
    WatchOptions.requireRate(spec, anomalyRate);
  }

  private static void report(
      PrintWriter out, Tick tick, List<ForcedRequest> forced, List<AnomalyEpisode> cleared, long pending) {
    String time = tick.readings().isEmpty() ? "" : tick.readings().get(0).timestamp().toString();
    out.printf(Locale.ROOT, "%s  %d readings%s%n", time, tick.readings().size(),
        pending == 0 ? "" : " (not stored yet: " + pending + " held until the database is back)");
    for (ForcedRequest r : forced) {
      out.printf(Locale.ROOT, "  forced %s on %s for %s%n", r.kind().dbName(), r.sensorId(), r.duration());
    }
    for (AnomalyEpisode e : tick.startedEpisodes()) {
      out.printf(Locale.ROOT, "  anomaly started: %s %s on %s until %s (%s)%n",
          e.category().dbName(), e.kind().dbName(), e.sensorId(), e.end(), e.source().dbName());
    }
    for (AnomalyEpisode e : cleared) {
      out.printf(Locale.ROOT, "  cleared: %s on %s%n", e.kind().dbName(), e.sensorId());
    }
    out.flush();
  }
}
