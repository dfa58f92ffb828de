package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.ForcedStatus;
import com.anomalywatcher.store.GroundTruthStore;
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

  /** {@code anomaly force <sensor_id> <category> <kind> --duration <minutes>}. */
  @Command(
      name = "force",
      mixinStandardHelpOptions = true,
      description = {
        "Force an anomaly on a sensor of a running generator; it starts at the generator's next",
        "reading and is labelled like any other (source 'forced')."
      })
  static final class Force implements java.util.concurrent.Callable<Integer> {
    /** One week: a forced anomaly is a test, not a new normal. */
    static final double MAX_DURATION_MINUTES = 10_080;

    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Parameters(index = "0", paramLabel = "SENSOR_ID", description = "e.g. oven-restaurant-3fa2c1")
    String sensorId;

    @Parameters(index = "1", paramLabel = "CATEGORY", description = "oven, heater, lamp, fan or pm")
    String category;

    @Parameters(index = "2", paramLabel = "KIND", description = "e.g. spike, drop, drift, oscillation, flicker, stuck_off, stuck_on, stall, vibration, overspeed, pollution_spike, sensor_drift, calibration_error, dust_storm")
    String kind;

    @Option(names = "--duration", paramLabel = "MINUTES", defaultValue = "10", description = "Minutes the anomaly lasts (default: ${DEFAULT-VALUE}).")
    double durationMinutes;

    @Override
    public Integer call() {
      Category cat = parse(() -> Category.parse(category), "CATEGORY", "");
      AnomalyKind anomalyKind = parse(() -> AnomalyKind.parse(kind), "KIND", " (kinds of " + cat.dbName() + ": " + kindsOf(cat) + ")");
      if (!anomalyKind.belongsTo(cat)) {
        throw usage("KIND '" + kind + "' does not belong to category '" + cat.dbName() + "' (its kinds: " + kindsOf(cat) + ")");
      }
      if (!(durationMinutes > 0 && durationMinutes <= MAX_DURATION_MINUTES)) {
        throw usage("--duration must be in (0, " + MAX_DURATION_MINUTES + "] minutes, got " + durationMinutes);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = dbOptions.openInitialised()) {
        Optional<SensorSpec> sensor = new SensorRegistry(db).find(sensorId);
        if (sensor.isEmpty()) {
          throw usage("SENSOR_ID '" + sensorId + "' is not a known sensor (see 'anomaly-watcher read')");
        }
        if (sensor.get().kind().category() != cat) {
          throw usage("SENSOR_ID '" + sensorId + "' belongs to category " + sensor.get().kind().category().dbName()
              + ", not " + cat.dbName());
        }
        if (!sensor.get().kind().accepts(anomalyKind)) {
          throw usage("KIND '" + kind + "' does not apply to " + sensor.get().kind().prefix() + " sensors like '" + sensorId + "'");
        }
        Duration duration = Duration.ofMillis(Math.round(durationMinutes * 60_000));
        long id = new ForcedAnomalyStore(db).request(sensorId, anomalyKind, duration, Clock.systemUTC().instant());
        out.printf(Locale.ROOT, "forced %s %s on %s for %s (request %d); a running generator picks it up at its next reading%n",
            cat.dbName(), anomalyKind.dbName(), sensorId, formatMinutes(duration), id);
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
        List<ForcedStatus> forced = new ForcedAnomalyStore(db).active(now);
        out.printf(Locale.ROOT, "forced anomalies (%d active):%n", forced.size());
        for (ForcedStatus f : forced) {
          out.printf(Locale.ROOT, "  %-28s %-18s %-10s requested %s, %s%n", f.request().sensorId(),
              f.request().kind().dbName(), formatMinutes(f.request().duration()), f.request().requestedAt(),
              f.pickedUpAt().map(p -> "running since " + p + f.endsAt().map(e -> ", ends " + e).orElse(""))
                  .orElse("waiting for a running generator"));
        }
        List<AnomalyEpisode> open = new GroundTruthStore(db).overlapping(now, now.plusMillis(1));
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

  static String formatMinutes(Duration d) {
    double minutes = d.toMillis() / 60_000.0;
    return minutes == Math.rint(minutes) ? String.format(Locale.ROOT, "%.0f min", minutes) : String.format(Locale.ROOT, "%.1f min", minutes);
  }
}
