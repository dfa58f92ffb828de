package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.generate.BatchGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.World;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadFilter;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SchemaInit;
import com.anomalywatcher.store.SensorRegistry;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the README's first command. Initialises the database (the embedded one unless
 * told otherwise), generates a few hours of history with anomalies up to now (continuing the
 * sensors if an earlier demo left some; a first one forces one anomaly), then shows the latest
 * readings and the injected anomalies.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A short tour: initialise the database, generate a few hours of history with anomalies",
      "up to now, then show the latest readings and the injected anomalies. A first demo forces",
      "one spike an hour before now (source 'forced'), so that there is one to see."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin WorldOptions worldOptions;

  /** The demo's own sensor set, so later generators in the default set never continue (or mix with) it. */
  static final String SET = "demo";

  @Option(names = "--hours", paramLabel = "DURATION", defaultValue = "6", converter = DurationConverter.Hours.class,
      description = "History to generate, e.g. 6 or 90m; a bare number is hours (default: ${DEFAULT-VALUE} h).")
  Duration history;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = Defaults.SENSORS, description = "Number of sensors (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = Defaults.ANOMALY_RATE, description = "Expected fraction of readings inside an anomaly (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the demo sensors (default: ${DEFAULT-VALUE}).")
  long seed;

  /** How long the anomaly a first demo forces lasts: {@code anomaly force}'s default. */
  static final Duration FORCED_DURATION = Duration.ofMinutes(10);
  /** How long before the end of the history that anomaly starts, so that the latest readings are normal again. */
  static final Duration FORCED_BEFORE_END = Duration.ofHours(1);

  @Override
  public Integer call() {
    WatchOptions.requirePositive(spec, "--hours", history);
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requireRate(spec, anomalyRate);
    worldOptions.check();
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    try (Database db = dbOptions.open()) {
      out.println("== 1. database: " + db.maskedUrl());
      SchemaInit init = Schema.init(db, Optional.empty(), OptionalInt.empty(), clock);
      out.printf(Locale.ROOT, "   schema version %s, storage mode %s%n", init.schemaVersion(), init.mode().dbName());

      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db)).resolve(SET, sensors, OptionalLong.of(seed), seed);
      Instant start = now.minus(history);
      // A new behaviour seed per run (the fleet seed keeps the sensor ids): each demo adds new anomalies.
      SimulationSettings settings = worldOptions.settings(seed ^ now.getEpochSecond(), Duration.ofMinutes(1), anomalyRate, false);
      Optional<BatchGenerator.Forced> forced = firstRunAnomaly(db, fleet, start, now, settings.world());
      BatchGenerator.Result result = new BatchGenerator(db, clock).run(
          new BatchGenerator.Request(fleet, start, now, settings, forced.stream().toList()), (d, t) -> {});
      out.printf(Locale.ROOT, "== 2. generating %s .. %s, 1 reading/min, anomaly rate %.2f, sensor ",
          result.generatedFrom(), now, anomalyRate);
      SensorSetOption.printFleet(out, SET, fleet);
      if (result.rowsGenerated() == 0) {
        out.println("   already up to date");
      } else {
        out.printf(Locale.ROOT, "   %,d rows written (%s rows/s)%s%n", result.rowsWritten(), Human.rate(result.rowsPerSecond()),
            result.continuedAfterStoredReadings() ? ", continuing the sensors of the previous demo" : "");
      }

      out.println("== 3. latest reading of each sensor");
      ReadingStore readings = new ReadingStore(db);
      for (SensorSpec s : fleet) {
        for (Reading r : readings.latest(new ReadFilter(Optional.of(s.sensorId()), Optional.empty(), Optional.empty()), 1)) {
          out.printf(Locale.ROOT, "   %s  %-28s %16s%n", r.timestamp(), r.sensorId(),
              Human.value(r.value(), r.unit(), r.type() == com.anomalywatcher.model.SensorType.DIGITAL));
        }
      }

      // Only the demo's own sensors: the episodes of other sets (a sample, a continuous --demo) are not its.
      Set<String> demoIds = fleet.stream().map(SensorSpec::sensorId).collect(Collectors.toSet());
      List<AnomalyEpisode> episodes = new GroundTruthStore(db).overlapping(now.minus(history), now).stream()
          .filter(e -> demoIds.contains(e.sensorId())).toList();
      out.printf(Locale.ROOT, "== 4. injected anomalies in the last %s (%d)%n", Human.duration(history), episodes.size());
      episodes.stream().sorted(Comparator.comparing(AnomalyEpisode::start)).forEach(e ->
          out.printf(Locale.ROOT, "   %s .. %s  %-28s %-7s %-18s %s%s%n", e.start(), e.end(), e.sensorId(),
              e.category().dbName(), e.kind().dbName(), e.parameters(),
              e.source() == AnomalySource.FORCED ? "  (forced)" : ""));
      forced.ifPresent(f -> out.printf(Locale.ROOT, "   A first demo forces one %s on %s so that there is one to see: at the"
          + " anomaly rate %.2f the random ones can miss %s of %s. The others are random.%n", f.kind().dbName(),
          f.sensorId(), anomalyRate, Human.duration(history), Human.count(fleet.size(), "sensor")));
      out.println();
      out.println("Next: './anomaly-watcher read --limit 20', './anomaly-watcher continuous --interval 5 --demo --set demo',");
      out.println("      or train and watch: see README.md (add the same --db-url/--db-port/--data-dir options if you gave any).");
    }
    return 0;
  }

  /**
   * The anomaly a first demo forces, so that a new user sees one: six hours of six sensors at the
   * default anomaly rate often hold no random episode (the realistic world's last from minutes to
   * days). A spike on the first sensor that can have one (else the first kind of the first sensor
   * with any), {@link #FORCED_BEFORE_END} before the end, or half-way through a shorter history.
   * Empty when the demo's sensors already have readings (a later demo continues them) or the rate
   * is 0 (no anomalies asked for).
   */
  private Optional<BatchGenerator.Forced> firstRunAnomaly(
      Database db, List<SensorSpec> fleet, Instant start, Instant end, World world) {
    if (anomalyRate == 0 || !new ReadingStore(db).sensors(fleet.stream().map(SensorSpec::sensorId).toList()).isEmpty()) {
      return Optional.empty();
    }
    Instant at = end.minus(FORCED_BEFORE_END);
    if (!at.isAfter(start)) {
      at = start.plus(Duration.between(start, end).dividedBy(2)).truncatedTo(ChronoUnit.MINUTES);
    }
    Instant when = at;
    Optional<SensorSpec> spiky = fleet.stream().filter(s -> s.kind().anomalyKinds(world).contains(AnomalyKind.SPIKE)).findFirst();
    if (spiky.isPresent()) {
      return Optional.of(new BatchGenerator.Forced(spiky.get().sensorId(), AnomalyKind.SPIKE, when, FORCED_DURATION));
    }
    return fleet.stream().filter(s -> !s.kind().anomalyKinds(world).isEmpty()).findFirst()
        .map(s -> new BatchGenerator.Forced(s.sensorId(), s.kind().anomalyKinds(world).get(0), when, FORCED_DURATION));
  }
}
