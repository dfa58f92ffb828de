package com.anomalywatcher.cli;

import com.anomalywatcher.generate.BatchGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.Schema;
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
import java.util.OptionalInt;
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
      "Readings lie in [end - days, end), one per sensor every interval. Prints the ids it drives."
    })
final class SampleCommand implements Callable<Integer> {
  /** Exit code of a run stopped by Ctrl-C or SIGTERM (what was generated is stored and labelled). */
  static final int INTERRUPTED = 130;
  /**
   * How long a stopped {@code sample} may take to store the batches in hand with their labels and
   * save the sensors' states before the process ends at once (a second signal ends it at once too).
   * A second was too short on a loaded machine: the writers' queued COPYs alone took longer.
   */
  static final Duration STORE_GRACE = Duration.ofSeconds(5);
  static final Duration MAX_SPAN = Duration.ofDays(3650);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin SensorSetOption set;
  @Mixin WorldOptions worldOptions;

  @Option(names = "--days", paramLabel = "DURATION", defaultValue = "7", converter = DurationConverter.Days.class,
      description = "How much history, e.g. 7 or 12h; a bare number is days (default: ${DEFAULT-VALUE} days).")
  Duration span;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5", converter = DurationConverter.Minutes.class,
      description = "Time between readings, e.g. 1 or 30s; a bare number is minutes (default: ${DEFAULT-VALUE} min).")
  Duration interval;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = Defaults.SENSORS,
      description = "Number of sensors, round-robin over the six kinds (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = Defaults.ANOMALY_RATE,
      description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed: the same seed and --end give identical rows, ids included.")
  Long seed;

  @Option(names = "--end", paramLabel = "TIME", converter = TimeConverter.class, description = "End of the history, ISO-8601 (default: now, to the minute).")
  Instant end;

  @Override
  public Integer call() {
    String setName = validate();
    Clock clock = Clock.systemUTC();
    Instant until = end != null ? end : clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant start = until.minus(span);
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    SimulationSettings settings = worldOptions.settings(masterSeed, interval, anomalyRate, false);
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised();
        StopSignal stop = StopSignal.onInterrupt()) {
      requireWithinRetention(Schema.retentionDays(db), start, until, clock.instant());
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db))
          .resolve(setName, sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
      SensorSetOption.printFleet(out, setName, fleet);
      BatchGenerator.Request request = new BatchGenerator.Request(fleet, start, until, settings);
      ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), request.rows());
      stop.windDown(STORE_GRACE);
      BatchGenerator.Result result = new BatchGenerator(db, clock)
          .run(request, (done, total) -> bar.update(done, () -> String.format(Locale.ROOT, "%,d/%,d rows", done, total)), stop::requested);
      bar.finish();
      printSummary(out, result, masterSeed, setName);
      return result.stopped() ? INTERRUPTED : 0;
    }
  }

  private String validate() {
    if (span.isNegative() || span.isZero() || span.compareTo(MAX_SPAN) > 0) {
      throw usage("--days must be more than 0 and at most " + MAX_SPAN.toDays() + " days, got " + Human.given(span));
    }
    WatchOptions.requireInterval(spec, "--interval", interval);
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requireNotFarFuture(spec, "--end", end, Clock.systemUTC().instant());
    WatchOptions.requireRate(spec, anomalyRate);
    worldOptions.check();
    return set.checked(spec);
  }

  /**
   * Refuses a range that starts before the database's retention: the writer drops those days once it
   * is done, so sample said it wrote rows that were gone (and a second run, going by the sensors'
   * saved state, that they already had them).
   */
  private void requireWithinRetention(OptionalInt retentionDays, Instant start, Instant until, Instant now) {
    if (retentionDays.isEmpty()) {
      return;
    }
    Instant kept = now.minus(Duration.ofDays(retentionDays.getAsInt())).truncatedTo(ChronoUnit.DAYS);
    if (start.isBefore(kept)) {
      throw usage((end != null ? "--end " + end + " with " : "") + "--days " + Human.duration(span)
          + " starts at " + start + ", before the database's retention of " + Human.count(retentionDays.getAsInt(), "day")
          + " (readings before " + kept + " are dropped); choose a later --end or fewer --days, or"
          + " 'db init --retention-days 0' to keep everything");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String zones(BatchGenerator.Request request) {
    java.util.Set<String> zones = new java.util.LinkedHashSet<>();
    request.fleet().forEach(s -> zones.add(request.settings().zoneOfSite(s.site()).getId()));
    return String.join(", ", zones);
  }

  private static void printCounts(PrintWriter out, String title, Map<String, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    out.printf(Locale.ROOT, "%s: %d%n", title, total);
    for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
      out.printf(Locale.ROOT, "  %-28s %d%n", e.getKey(), e.getValue());
    }
  }

  private static void printSummary(PrintWriter out, BatchGenerator.Result result, long seed, String set) {
    BatchGenerator.Request request = result.requested();
    out.printf(Locale.ROOT, "readings %s .. %s every %s, seed %d%n",
        request.start(), request.end(), Human.duration(request.settings().interval()), seed);
    out.printf(Locale.ROOT, "world: %s%n", request.settings().isRealistic()
        ? "realistic, difficulty " + request.settings().difficulty().cliName() + ", time zones "
            + zones(request)
        : "clean (UTC, original magnitudes)");
    int sensors = request.fleet().size();
    // The stored readings' own time: one step of this grid before the first generated one named a
    // time with no reading when an earlier generator ran at another interval.
    Instant stored = result.storedUpTo() != null
        ? result.storedUpTo()
        : result.generatedFrom().minus(request.settings().interval());
    if (result.sensorsComplete() == sensors) {
      out.printf(Locale.ROOT, "nothing to write: the sensors of set '%s' already have readings up to %s."
          + " Use --set NAME for a new set of sensors, or a later --end.%n", set, stored);
    } else if (result.continuedAfterStoredReadings()) {
      out.printf(Locale.ROOT, "these sensors already have readings up to %s: continued after them from %s%n",
          stored, result.generatedFrom());
    } else if (result.sensorsContinued() + result.sensorsComplete() > 0) {
      out.printf(Locale.ROOT, "%d of %d sensors already have readings in this range: each continues after its own"
          + " newest (%d already complete); the other %d start at %s%n", result.sensorsContinued()
          + result.sensorsComplete(), sensors, result.sensorsComplete(),
          sensors - result.sensorsContinued() - result.sensorsComplete(), request.start());
    }
    if (result.stopped()) {
      out.println("interrupted: stored what was generated so far, with its labels and the sensors' state");
    }
    out.printf(Locale.ROOT, "rows generated: %,d%n", result.rowsGenerated());
    out.printf(Locale.ROOT, "rows written: %,d%s%n", result.rowsWritten(),
        result.rowsWritten() < result.rowsGenerated()
            ? String.format(Locale.ROOT, " (%,d already stored, skipped)", result.rowsGenerated() - result.rowsWritten())
            : "");
    printCounts(out, "anomaly episodes", result.episodesByKind());
    if (request.settings().isRealistic()) {
      printCounts(out, "benign events", result.benignByKind());
    }
    out.printf(Locale.ROOT, "elapsed: %s%n", Human.duration(result.elapsed()));
    // Nothing written has no rate: it printed 'rows/s: 0' under 'nothing to write'.
    if (result.rowsWritten() > 0) {
      out.printf(Locale.ROOT, "rows/s: %s%n", Human.rate(result.rowsPerSecond()));
    }
  }
}
