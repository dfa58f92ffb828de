package com.anomalywatcher.cli;

import com.anomalywatcher.generate.BatchGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sample}: a batch of history with labelled anomalies, written with COPY. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a batch of historical readings with labelled anomalies.",
      "Readings lie in [end - days, end), one per sensor every interval."
    })
final class SampleCommand implements Callable<Integer> {
  /** Exit code of a run stopped by Ctrl-C or SIGTERM (what was generated is stored and labelled). */
  static final int INTERRUPTED = 130;
  static final int MAX_DAYS = 3650;

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--days", paramLabel = "DAYS", defaultValue = "7", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--interval", paramLabel = "MINUTES", defaultValue = "5", description = "Minutes between readings (default: ${DEFAULT-VALUE}).")
  int intervalMinutes;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = "6", description = "Number of sensors, round-robin over the six kinds (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = "0.02", description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed: the same seed and --end give identical rows, ids included.")
  Long seed;

  @Option(names = "--end", paramLabel = "TIME", converter = TimeConverter.class, description = "End of the history, ISO-8601 (default: now, to the minute).")
  Instant end;

  @Override
  public Integer call() {
    validate();
    Clock clock = Clock.systemUTC();
    Instant until = end != null ? end : clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant start = until.minus(Duration.ofDays(days));
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    SimulationSettings settings = new SimulationSettings(masterSeed, Duration.ofMinutes(intervalMinutes), anomalyRate, false);
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised();
        StopSignal stop = StopSignal.onInterrupt()) {
      List<SensorSpec> fleet =
          new FleetResolver(new SensorRegistry(db)).resolve(sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
      BatchGenerator.Request request = new BatchGenerator.Request(fleet, start, until, settings);
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null, request.rows());
      BatchGenerator.Result result =
          new BatchGenerator(db, clock).run(request, (done, total) -> bar.update(done, done + "/" + total + " rows"), stop::requested);
      bar.finish();
      printSummary(out, result, masterSeed);
      return result.stopped() ? INTERRUPTED : 0;
    }
  }

  private void validate() {
    if (days <= 0 || days > MAX_DAYS) {
      throw usage("--days must be in 1.." + MAX_DAYS + ", got " + days);
    }
    WatchOptions.requirePositive(spec, "--interval", intervalMinutes, "minutes");
    WatchOptions.requireAtMost(spec, "--interval", intervalMinutes, 1_440, "minutes");
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requireNotFarFuture(spec, "--end", end, Clock.systemUTC().instant());
    WatchOptions.requireRate(spec, anomalyRate);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static void printSummary(PrintWriter out, BatchGenerator.Result result, long seed) {
    BatchGenerator.Request request = result.requested();
    out.printf(Locale.ROOT, "sensors: %d, readings %s .. %s every %s, seed %d%n",
        request.fleet().size(), request.start(), request.end(), request.settings().interval(), seed);
    if (result.continuedAfterStoredReadings()) {
      out.printf(Locale.ROOT, "these sensors already have readings up to %s: continued after them from %s%n",
          result.generatedFrom().minus(request.settings().interval()), result.generatedFrom());
    }
    if (result.stopped()) {
      out.println("interrupted: stored what was generated so far, with its labels and the sensors' state");
    }
    out.printf(Locale.ROOT, "rows generated: %,d%n", result.rowsGenerated());
    out.printf(Locale.ROOT, "rows written: %,d%s%n", result.rowsWritten(),
        result.rowsWritten() < result.rowsGenerated()
            ? String.format(Locale.ROOT, " (%,d already stored, skipped)", result.rowsGenerated() - result.rowsWritten())
            : "");
    int episodes = result.episodesByKind().values().stream().mapToInt(Integer::intValue).sum();
    out.printf(Locale.ROOT, "anomaly episodes: %d%n", episodes);
    for (Map.Entry<String, Integer> e : new TreeMap<>(result.episodesByKind()).entrySet()) {
      out.printf(Locale.ROOT, "  %-28s %d%n", e.getKey(), e.getValue());
    }
    out.printf(Locale.ROOT, "elapsed: %.2f s%n", result.elapsed().toMillis() / 1000.0);
    out.printf(Locale.ROOT, "rows/s: %.0f%n", result.rowsPerSecond());
  }
}
