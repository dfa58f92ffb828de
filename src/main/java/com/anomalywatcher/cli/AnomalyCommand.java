package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.ForcedStatus;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anomaly force|status|clear}: control anomalies of running generators from another
 * terminal, through the database.
 */
@Command(
    name = "anomaly",
    mixinStandardHelpOptions = true,
    description = "Force, list or clear anomalies in running generators (through the database).",
    subcommands = {AnomalyCommand.Force.class, AnomalyCommand.Status.class, AnomalyCommand.Clear.class})
final class AnomalyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: force, status or clear");
  }

  /** {@code anomaly force SENSOR_ID [CATEGORY] KIND --duration D}: the category is inferred when left out. */
  @Command(
      name = "force",
      mixinStandardHelpOptions = true,
      description = {
        "Force an anomaly on a sensor of a running generator ('continuous' or 'run'); it starts at",
        "the generator's next reading and is labelled like any other (source 'forced').",
        "The category may be left out (it is the sensor's); a sensor no running generator drives",
        "is refused."
      })
  static final class Force implements java.util.concurrent.Callable<Integer> {
    /** One week: a forced anomaly is a test, not a new normal. */
    static final Duration MAX_DURATION = Duration.ofDays(7);

    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Parameters(arity = "2..3", paramLabel = "SENSOR_ID [CATEGORY] KIND",
        description = {"SENSOR_ID, e.g. oven-restaurant-3fa2c1 (ids are printed by 'continuous' and 'sensors list');",
            "CATEGORY (optional): oven, heater, lamp, fan or pm;",
            "KIND: spike, drop, drift, oscillation, flicker, stuck_off, stuck_on, stall, vibration,"
                + " overspeed, pollution_spike, sensor_drift, calibration_error, dust_storm, and the realistic"
                + " world's frozen, offline, element_ageing, bearing_wear (each for the categories it applies to)."})
    List<String> arguments;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10", converter = DurationConverter.Minutes.class,
        description = "How long the anomaly lasts, e.g. 90s or 15m; a bare number is minutes (default: ${DEFAULT-VALUE} min).")
    Duration duration;

    @Override
    public Integer call() {
      String sensorId = arguments.get(0);
      String kind = arguments.get(arguments.size() - 1);
      Optional<Category> cat = arguments.size() == 3
          ? Optional.of(parse(() -> Category.parse(arguments.get(1)), "CATEGORY", "")) : Optional.empty();
      AnomalyKind anomalyKind = parse(() -> AnomalyKind.parse(kind), "KIND",
          cat.map(c -> " (kinds of " + c.dbName() + ": " + kindsOf(c) + ")").orElse(" (kinds: " + allKinds() + ")"));
      if (cat.isPresent() && !anomalyKind.belongsTo(cat.get())) {
        throw usage("KIND '" + kind + "' does not belong to category '" + cat.get().dbName() + "' (its kinds: "
            + kindsOf(cat.get()) + ")");
      }
      if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
        throw usage("--duration must be more than 0 and at most 7 days, got " + Human.given(duration));
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = dbOptions.openInitialised()) {
        SensorSpec sensor = new SensorRegistry(db).find(sensorId).orElseThrow(() ->
            usage("SENSOR_ID '" + sensorId + "' is not a known sensor (see 'anomaly-watcher sensors list')"));
        Category category = sensor.kind().category();
        if (cat.isPresent() && category != cat.get()) {
          throw usage("SENSOR_ID '" + sensorId + "' belongs to category " + category.dbName() + ", not " + cat.get().dbName());
        }
        if (!sensor.kind().accepts(anomalyKind)) {
          throw usage("KIND '" + kind + "' does not apply to " + sensor.kind().prefix() + " sensors like '" + sensorId
              + "' (its kinds: " + kindsOf(category) + ")");
        }
        if (SensorLease.held(db, List.of(sensorId)).isEmpty()) {
          throw usage("SENSOR_ID '" + sensorId + "' is not being generated by any running generator, so nothing would"
              + " apply the anomaly: start 'continuous' (or 'run') on its set first");
        }
        long id = new ForcedAnomalyStore(db).request(sensorId, anomalyKind, duration, Clock.systemUTC().instant());
        out.printf(Locale.ROOT, "forced %s %s on %s for %s (request %d); its generator applies it at its next reading%n",
            category.dbName(), anomalyKind.dbName(), sensorId, Human.duration(duration), id);
      }
      return 0;
    }

    private <T> T parse(java.util.function.Supplier<T> parser, String what, String hint) {
      try {
        return parser.get();
      } catch (IllegalArgumentException e) {
        throw usage(what + ": " + e.getMessage() + hint);
      }
    }

    /** Every kind a user may force: a typo without a category is answered with the whole list. */
    private static String allKinds() {
      return java.util.Arrays.stream(AnomalyKind.values())
          .map(AnomalyKind::dbName)
          .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String kindsOf(Category category) {
      return java.util.Arrays.stream(AnomalyKind.values())
          .filter(k -> k.belongsTo(category))
          .map(AnomalyKind::dbName)
          .collect(java.util.stream.Collectors.joining(", "));
    }

    private ParameterException usage(String message) {
      return new ParameterException(spec.commandLine(), message);
    }
  }

  /** {@code anomaly status}: forced requests still active and anomalies in progress. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show forced anomalies and anomalies in progress.")
  static final class Status implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Instant now = Clock.systemUTC().instant();
      try (Database db = dbOptions.openInitialised()) {
        // One snapshot: two reads at different moments disagreed ("running since" above "in progress (0)").
        ForcedAnomalyStore.Status status = new ForcedAnomalyStore(db).status(now);
        List<ForcedStatus> forced = status.forced();
        out.printf(Locale.ROOT, "forced anomalies (%d active):%n", forced.size());
        for (ForcedStatus f : forced) {
          // To the second, as the times beside it (the request's own carried microseconds).
          out.printf(Locale.ROOT, "  %-28s %-18s %-10s requested %s, %s%n", f.request().sensorId(),
              f.request().kind().dbName(), Human.duration(f.request().duration()),
              f.request().requestedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              f.pickedUpAt().map(p -> "running since " + p + f.endsAt().map(e -> ", ends " + e).orElse(""))
                  // 'anomaly force' takes only a sensor a running generator drives: it is running, and
                  // "waiting for a running generator" read as if none were.
                  .orElse("waiting for its generator's next reading"));
        }
        List<AnomalyEpisode> open = status.inProgress();
        out.printf(Locale.ROOT, "anomalies in progress (%d):%n", open.size());
        for (AnomalyEpisode e : open) {
          out.printf(Locale.ROOT, "  %-28s %-8s %-18s since %s until %s (%s)%n", e.sensorId(), e.category().dbName(),
              e.kind().dbName(), e.start(), e.end(), e.source().dbName());
        }
      }
      return 0;
    }
  }

  /** {@code anomaly clear}: ends every forced anomaly. */
  @Command(name = "clear", mixinStandardHelpOptions = true, description = "End every forced anomaly (running generators stop it at their next reading).")
  static final class Clear implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Override
    public Integer call() {
      try (Database db = dbOptions.openInitialised()) {
        int n = new ForcedAnomalyStore(db).clearAll(Clock.systemUTC().instant());
        spec.commandLine().getOut().printf(Locale.ROOT, "cleared %d forced anomal%s%n", n, n == 1 ? "y" : "ies");
      }
      return 0;
    }
  }
}
