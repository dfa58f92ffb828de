package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.MqttOutlet;
import com.anomalywatcher.generate.PublishTarget;
import com.anomalywatcher.generate.ReadingOutlet;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.ForcedRequest;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.StoreException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
      "from other terminals are picked up before the next reading. Prints the ids it drives.",
      "With --publish the readings go to an MQTT broker as a fleet of devices would send them."
    })
final class ContinuousCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin MetricsOption metrics;
  @Mixin SensorSetOption set;
  @Mixin WorldOptions worldOptions;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60", converter = DurationConverter.Seconds.class,
      description = "Time between readings, e.g. 5s or 1m; a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration interval;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = Defaults.SENSORS,
      description = "Number of sensors (default: ${DEFAULT-VALUE}): the set's sensors, one of each kind first.")
  int sensors;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.Minutes.class,
      description = "How long to run, e.g. 10s, 15m or 2h; a bare number is minutes (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = Defaults.ANOMALY_RATE,
      description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--demo", description = "Run the scripted demo: every anomaly kind within a few minutes (see docs/DEMO.md).")
  boolean demo;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for sensor ids and behaviour (default: reuse the set's sensors, random behaviour).")
  Long seed;

  @Option(names = "--publish", paramLabel = "URL",
      description = {"Send each reading as an MQTT message (QoS 1) on PREFIX/<site>/<sensor_id> instead of writing it,",
          "e.g. mqtt://127.0.0.1:1883/sites; 'ingest mqtt' takes them in. Labels still go to the database."})
  String publish;

  @Override
  public Integer call() throws InterruptedException {
    String setName = validate();
    PublishTarget target = publishTarget();
    worldOptions.check();
    metrics.validate();
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    SimulationSettings simulation = worldOptions.settings(masterSeed, interval, anomalyRate, demo);
    StopSignal stop = StopSignal.onInterrupt();
    try (Database db = dbOptions.openInitialised(); MetricsEndpoint endpoint = metrics.start(AwMetrics.Role.GENERATOR)) {
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db))
          .resolve(setName, sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
      SensorSetOption.printFleet(out, setName, fleet);
      out.printf(Locale.ROOT, "generating every %s%s%s; Ctrl-C to stop%n", Human.duration(interval),
          demo ? ", demo anomalies" : ", anomaly rate " + anomalyRate,
          duration == null ? "" : " for " + Human.duration(duration));
      out.flush();
      Sleeper sleeper = Sleeper.real(clock);
      PrintWriter err = spec.commandLine().getErr();
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), line -> {
        err.println(line); // names the broker when it is the broker that is away
        err.flush();
      }, sleeper::sleepUntil);
      ReadingOutlet.Factory outlet = target == null ? ReadingOutlet.database(db, clock)
          : MqttOutlet.to(target, setName, sitesOf(fleet));
      if (target != null) {
        out.printf(Locale.ROOT, "publishing readings to %s/<site>/<sensor_id> on %s (QoS 1)%n", target.prefix(),
            target.broker());
      }
      ContinuousGenerator generator = new ContinuousGenerator(db,
          new ContinuousGenerator.Settings(fleet, simulation, Optional.ofNullable(duration)), clock, sleeper, retry,
          outlet);
      ContinuousGenerator.Summary summary = run(generator, stop, out, target);
      out.printf(Locale.ROOT, "%sstopped: %s, %s, %s%s%n",
          stop.requested() ? "interrupted, " : "",
          Human.count(summary.ticks(), "tick"), sent(summary, target == null),
          Human.count(summary.episodes().size(), "anomaly episode"),
          summary.dropped() == 0 ? "" : ", " + Human.count(summary.dropped(), "reading") + " dropped during a database outage");
      out.flush();
      if (summary.unstored() > 0) {
        throw new CommandFailure(summary.unstored() + " generated readings were not stored: "
            + retry.downService().orElse(target == null ? "database" : "database or MQTT broker")
            + " unavailable since "
            // to the second, as the retry line said it (it printed the instant's nanoseconds)
            + retry.downSince().map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("?"));
      }
    } finally {
      stop.close();
    }
    return 0;
  }

  /**
   * Runs the generator; a failure that is not an outage (a broker that refuses the topic) also says
   * how many generated readings it left unsent, which are lost.
   */
  private static ContinuousGenerator.Summary run(ContinuousGenerator generator, StopSignal stop, PrintWriter out,
      PublishTarget target) throws InterruptedException {
    try {
      return generator.run(stop::requested, (tick, forced, cleared) -> {
        // Setup (fleet, restore, leases) is over: from the first tick on, a stop stores what is held.
        stop.graceful();
        AwMetrics.readingsIngested("generator", tick.readings().size());
        report(out, tick, forced, cleared, generator.pendingReadings(), target == null ? "database" : "broker");
      });
    } catch (StoreException e) {
      long unsent = generator.pendingReadings();
      if (unsent == 0) {
        throw e;
      }
      throw new CommandFailure(e.getMessage() + "; " + unsent + " generated readings are lost: "
          + (target == null ? "not stored" : "not published, or only those on topics the broker allows"), e);
    }
  }

  /**
   * The readings sent: to the database, those stored (a reading the network sent twice is one row);
   * to a broker, every message published, the second sends counted.
   */
  private static String sent(ContinuousGenerator.Summary summary, boolean toDatabase) {
    if (summary.sentTwice() == 0) {
      return Human.count(summary.readings(), "reading") + (toDatabase ? " written" : " published");
    }
    return toDatabase
        ? Human.count(summary.readings() - summary.sentTwice(), "reading") + " written (" + summary.sentTwice()
            + " of them sent twice by the network, stored once)"
        : Human.count(summary.readings(), "reading") + " published (" + summary.sentTwice() + " of them twice)";
  }

  private PublishTarget publishTarget() {
    if (publish == null) {
      return null;
    }
    try {
      return PublishTarget.parse("--publish", publish);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The topic level of each sensor's site: {@code site-<n>}. */
  static Map<String, String> sitesOf(List<SensorSpec> fleet) {
    Map<String, String> sites = new HashMap<>();
    for (SensorSpec s : fleet) {
      sites.put(s.sensorId(), "site-" + s.site());
    }
    return sites;
  }

  private String validate() {
    WatchOptions.requireInterval(spec, "--interval", interval);
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    if (duration != null) {
      WatchOptions.requirePositive(spec, "--duration", duration);
    }
    WatchOptions.requireRate(spec, anomalyRate);
    return set.checked(spec);
  }

  private static void report(
      PrintWriter out, Tick tick, List<ForcedRequest> forced, List<AnomalyEpisode> cleared, long pending,
      String destination) {
    String time = tick.readings().isEmpty() ? "" : tick.readings().get(0).timestamp().toString();
    out.printf(Locale.ROOT, "%s  %s%s%n", time, Human.count(tick.readings().size(), "reading"),
        pending == 0 ? "" : " (not stored yet: " + pending + " held until the " + destination + " is back)");
    for (ForcedRequest r : forced) {
      out.printf(Locale.ROOT, "  forced %s on %s for %s%n", r.kind().dbName(), r.sensorId(), Human.duration(r.duration()));
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
