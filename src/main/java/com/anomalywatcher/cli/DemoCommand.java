package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.generate.BatchGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadFilter;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SchemaInit;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorStateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the README's first command. Initialises the database (the embedded one unless
 * told otherwise), generates a few hours of history with anomalies up to now (continuing the
 * sensors if an earlier demo left some), then shows the latest readings and the injected anomalies.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A short tour: initialise the database, generate a few hours of history with anomalies",
      "up to now, then show the latest readings and the injected anomalies."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--hours", paramLabel = "HOURS", defaultValue = "6", description = "Hours of history (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = "6", description = "Number of sensors (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = "0.05", description = "Expected fraction of readings inside an anomaly (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the demo sensors (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (hours <= 0) {
      throw new ParameterException(spec.commandLine(), "--hours must be > 0, got " + hours);
    }
    if (sensors <= 0) {
      throw new ParameterException(spec.commandLine(), "--sensors must be > 0, got " + sensors);
    }
    if (!(anomalyRate >= 0 && anomalyRate <= 1)) {
      throw new ParameterException(spec.commandLine(), "--anomaly-rate must be in [0, 1], got " + anomalyRate);
    }
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    try (Database db = dbOptions.open()) {
      out.println("== 1. database: " + db.maskedUrl());
      SchemaInit init = Schema.init(db, Optional.empty(), OptionalInt.empty(), clock);
      out.printf(Locale.ROOT, "   schema version %s, storage mode %s%n", init.schemaVersion(), init.mode().dbName());

      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db)).resolve(sensors, OptionalLong.of(seed), seed);
      Instant start = continueFrom(db, fleet, now.minus(Duration.ofHours(hours)));
      out.printf(Locale.ROOT, "== 2. generating %s .. %s for %d sensors, 1 reading/min, anomaly rate %.2f%n",
          start, now, fleet.size(), anomalyRate);
      if (start.isBefore(now)) {
        SimulationSettings settings = new SimulationSettings(seed ^ start.getEpochSecond(), Duration.ofMinutes(1), anomalyRate, false);
        BatchGenerator.Result result = new BatchGenerator(db, clock).run(new BatchGenerator.Request(fleet, start, now, settings), (d, t) -> {});
        out.printf(Locale.ROOT, "   %,d rows written (%.0f rows/s)%n", result.rows(), result.rowsPerSecond());
      } else {
        out.println("   already up to date");
      }

      out.println("== 3. latest reading of each sensor");
      ReadingStore readings = new ReadingStore(db);
      for (SensorSpec s : fleet) {
        for (Reading r : readings.latest(new ReadFilter(Optional.of(s.sensorId()), Optional.empty(), Optional.empty()), 1)) {
          out.printf(Locale.ROOT, "   %s  %-28s %10.2f %s%n", r.timestamp(), r.sensorId(), r.value(), r.unit());
        }
      }

      List<AnomalyEpisode> episodes = new GroundTruthStore(db).overlapping(now.minus(Duration.ofHours(hours)), now);
      out.printf(Locale.ROOT, "== 4. injected anomalies in the last %d hours (%d)%n", hours, episodes.size());
      episodes.stream().sorted(Comparator.comparing(AnomalyEpisode::start)).forEach(e ->
          out.printf(Locale.ROOT, "   %s .. %s  %-28s %-7s %-18s %s%n", e.start(), e.end(), e.sensorId(),
              e.category().dbName(), e.kind().dbName(), e.parameters()));
      out.println();
      out.println("Next: './anomaly-watcher read --limit 20', './anomaly-watcher continuous --interval 5 --demo',");
      out.println("      or train and watch: see README.md.");
    }
    return 0;
  }

  /** Continues the sensors from their stored state when an earlier demo got past {@code start}. */
  private static Instant continueFrom(Database db, List<SensorSpec> fleet, Instant start) {
    Instant from = start;
    for (SensorState s : new SensorStateStore(db).load(fleet.stream().map(SensorSpec::sensorId).toList()).values()) {
      Instant next = s.timestamp().plus(Duration.ofMinutes(1));
      if (next.isAfter(from)) {
        from = next;
      }
    }
    return from;
  }
}
