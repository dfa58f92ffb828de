package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.MqttOutlet;
import com.anomalywatcher.generate.PublishTarget;
import com.anomalywatcher.generate.ReadingOutlet;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.CycleSummary;
import com.anomalywatcher.monitor.Monitor;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.monitor.RecoveringMonitor;
import com.anomalywatcher.monitor.SensorCatalog;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.ReadingsSignal;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the generator and the monitor in one process (the original's run_with_monitoring),
 * then what was injected and what was detected, side by side.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Generate readings and monitor them in one process for --duration, then print the",
      "injected anomalies and the alerts side by side. Sensors without a trained model warm up",
      "online (about a dozen readings). Ctrl-C stops early and still prints the summary.",
      "--via-mqtt sends the readings through an MQTT broker and 'ingest mqtt' on the way in."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin WorldOptions worldOptions;
  @Mixin ModelsDirOption models;
  @Mixin MonitorOptions alerting;
  @Mixin SensorSetOption set;

  @Option(names = "--data-interval", paramLabel = "DURATION", defaultValue = "30", converter = DurationConverter.Seconds.class,
      description = "Time between readings, e.g. 5s; a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration dataInterval;

  @Option(names = "--monitor-interval", paramLabel = "DURATION", defaultValue = "90", converter = DurationConverter.Seconds.class,
      description = "Longest time between scoring cycles, e.g. 10s; each commit of readings starts one sooner; "
          + "a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration monitorInterval;

  @Option(names = "--threshold", paramLabel = "SCORE", defaultValue = Defaults.THRESHOLD, description = "Alert threshold on the score, 0..1 (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1", converter = DurationConverter.Hours.class,
      description = "How long to run, e.g. 10m or 2h; a bare number is hours, as in the original (default: ${DEFAULT-VALUE} h).")
  Duration duration;

  @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = Defaults.ANOMALY_RATE, description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--demo-anomalies", description = "Inject the scripted demo sequence (every kind within minutes) instead of random anomalies.")
  boolean demo;

  @Option(names = "--monitor-only", description = "Do not generate: only monitor what others write.")
  boolean monitorOnly;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = Defaults.SENSORS, description = "Sensors to generate (default: ${DEFAULT-VALUE}): the set's sensors, one of each kind first.")
  int sensors;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the generated behaviour (default: random).")
  Long seed;

  // No fallbackValue: picocli gives a bare --via-mqtt the empty string, which asks for the default URL.
  @Option(names = "--via-mqtt", paramLabel = "URL", arity = "0..1",
      description = "Send the readings through an MQTT broker as a deployment would: generator -> broker -> "
          + "ingest -> database -> monitor, all in this process (default URL: " + RunTopic.DEFAULT_BROKER + "/"
          + RunTopic.ROOT + "/SET/<hash of the database>, so runs on other databases or sets never take in"
          + " each other's readings).")
  String viaMqtt;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PublishTarget target = viaMqtt();
    worldOptions.check();
    ModelRepository repository = WatchOptions.readableModels(spec, models.dir(dbOptions.config()));
    Clock clock = Clock.systemUTC();
    StopSignal stop = StopSignal.onInterrupt();
    try (Database db = dbOptions.open()) {
      Schema.init(db, Optional.empty(), OptionalInt.empty(), clock);
      try (AlertSink sinks = alerting.sinks(spec, db, clock); MonitorLease lease = alerting.lease(db)) {
        return watch(db, new RunAlerts(sinks), lease, repository, clock, duration, stop, target);
      }
    } finally {
      stop.close();
    }
  }

  /**
   * Generator and monitor until the duration is over or a stop; then the side-by-side summary.
   * Stops as {@code monitor} does: a signal ends a scoring cycle at its next commit; returns the exit
   * code (128 + the signal's number when it cut a cycle short, else 0).
   */
  private int watch(Database db, RunAlerts sinks, MonitorLease lease, ModelRepository repository, Clock clock,
      Duration duration, StopSignal stop, PublishTarget target) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    // With a generator, the stored readings of sensors nobody trained or watched are history, not
    // this run's: learned, not judged. --monitor-only watches what others write, a backlog included.
    MonitorSettings settings = monitorOnly ? alerting.live(threshold) : alerting.live(threshold).withHistoryAsWarmUp();
    RecoveringMonitor monitor = new RecoveringMonitor(
        fence -> new Monitor(db, repository, settings, sinks, clock, fence), retry(clock, "monitor: "), lease,
        say("monitor: "));
    Map<String, Instant> scoredFrom = RunAlerts.scoredFrom(new AlertStore(db), repository,
        settings.historyAsWarmUp() ? new ReadingStore(db).sensors() : List.of());
    Instant started = clock.instant();
    RunIngest ingest = target == null ? null : RunIngest.start(db, clock, target, out);
    RunGenerator generator = monitorOnly ? null : startGenerator(db, clock, duration, stop, out, target);
    Instant deadline = started.plus(duration);
    out.printf(Locale.ROOT, "monitoring every %s at threshold %.2f for %s%s, models from %s%n",
        cadence(dataInterval, monitorInterval, !monitorOnly), threshold, Human.duration(duration),
        monitorOnly ? " (monitor only)" : "", repository.dir());
    out.flush();
    boolean cut = cycleUntil(deadline, db, clock, monitor, sinks, stop, started, out);
    boolean interrupted = stop.requested();
    stop.request();
    List<AnomalyEpisode> injected = generator == null ? List.of() : generator.finish();
    if (ingest != null) {
      ingest.finish(generator == null ? 0 : generator.published());
    }
    if (!interrupted) {
      // The last readings are scored before the summary; after Ctrl-C the summary comes at once.
      Optional<CycleSummary> last = monitor.runOnce();
      sinks.passEnded();
      last.ifPresent(summary -> print(out, summary));
    }
    MonitorCommand.saveRunningStates(monitor, stop, out);
    Instant ended = clock.instant();
    GroundTruthStore truth = new GroundTruthStore(db);
    List<AlertRow> alerts = sinks.alerts(new AlertStore(db), started, ended);
    List<EpisodeRow> episodes = RunAlerts.withEarlier(
        generator == null ? truth.episodesStartingIn(started, ended) : episodeRows(injected), truth, alerts, started,
        dataInterval, scoredFrom);
    RunSummary.print(out, episodes, alerts, dataInterval, ended, zones(db),
        generator == null ? id -> true : generator::drives);
    return cut ? stop.signalExitCode() : 0;
  }

  /**
   * Scoring cycles from {@code started} until {@code deadline} or a stop, each started by a commit of
   * readings or after {@code --monitor-interval}; returns whether a signal cut the last cycle short.
   */
  private boolean cycleUntil(Instant deadline, Database db, Clock clock, RecoveringMonitor monitor, RunAlerts sinks,
      StopSignal stop, Instant started, PrintWriter out) throws InterruptedException {
    boolean cut = false;
    try (ReadingsSignal signal = ReadingsSignal.listen(db, clock)) {
      // The generator's and the ingest's commits start a cycle early (MonitorCommand.awaitNextCycle).
      // The first cycle starts at once, as monitor's does: with --monitor-only nothing else may
      // start it, and it scored nothing (and said nothing) for a whole --monitor-interval (90 s).
      Instant lastCycle = started;
      Instant nextCycle = started;
      stop.windDown(MonitorCommand.SAVE_STATES_GRACE);
      while (!stop.requested() && clock.instant().isBefore(deadline)) {
        Instant until = nextCycle.isBefore(deadline) ? nextCycle : deadline;
        MonitorCommand.awaitNextCycle(signal, lastCycle, until, stop::requested);
        if (!stop.requested() && clock.instant().isBefore(deadline)) {
          lastCycle = clock.instant();
          signal.clear();
          MonitorCommand.Cycle cycle = MonitorCommand.cycle(monitor, stop);
          sinks.passEnded();
          cut = cycle.cut();
          cycle.summary().ifPresent(summary -> print(out, summary));
          nextCycle = lastCycle.plus(monitorInterval);
        }
      }
    }
    return cut;
  }

  /** Each sensor's time zone by its id, as its alerts' explanations use it (absent when unknown). */
  private static Function<String, ZoneId> zones(Database db) {
    SensorCatalog catalog = new SensorCatalog(new SensorRegistry(db).descriptions());
    Map<String, ZoneId> byId = new HashMap<>();
    for (ReadingStore.SensorRow r : new ReadingStore(db).sensors()) {
      catalog.describe(r).flatMap(SensorDescription::timeZone)
          .ifPresent(z -> byId.put(r.sensorId(), z));
    }
    return byId::get;
  }

  /**
   * How often the monitor really cycles, for the line that starts a run: each commit of readings
   * starts a cycle early ({@link MonitorCommand#awaitNextCycle}), so a generator that commits every
   * {@code data} cycles it that often, the monitor interval being the longest wait. It said
   * "monitoring every 1 min 30 s" (the default --monitor-interval) while it scored every 30 s.
   */
  static String cadence(Duration data, Duration monitor, boolean generating) {
    if (!generating) {
      return Human.duration(monitor) + " (sooner as readings are committed)";
    }
    Duration commits = data.compareTo(MonitorCommand.MIN_CYCLE_GAP) < 0 ? MonitorCommand.MIN_CYCLE_GAP : data;
    return commits.compareTo(monitor) < 0
        ? Human.duration(commits) + " (as the generator commits its readings; at the latest every "
            + Human.duration(monitor) + ")"
        : Human.duration(monitor) + " (and as the generator commits its readings, every " + Human.duration(commits) + ")";
  }

  private RunGenerator startGenerator(Database db, Clock clock, Duration duration, StopSignal stop, PrintWriter out,
      PublishTarget target) {
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    String setName = set.checked(spec);
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db))
        .resolve(setName, sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
    SimulationSettings simulation =
        worldOptions.settings(masterSeed, dataInterval, anomalyRate, demo);
    ReadingOutlet.Factory outlet = target == null ? ReadingOutlet.database(db, clock)
        : MqttOutlet.to(target, setName, ContinuousCommand.sitesOf(fleet));
    ContinuousGenerator generator = new ContinuousGenerator(db,
        new ContinuousGenerator.Settings(fleet, simulation, Optional.of(duration)), clock, Sleeper.real(clock),
        retry(clock, "generator: "), outlet);
    SensorSetOption.printFleet(out, setName, fleet);
    out.printf(Locale.ROOT, "generating every %s, %s%n", Human.duration(dataInterval),
        demo ? "demo anomalies" : "anomaly rate " + anomalyRate);
    out.flush();
    Map<String, ZoneId> zones = new HashMap<>();
    fleet.forEach(s -> zones.put(s.sensorId(), simulation.zoneOfSite(s.site())));
    return new RunGenerator(generator, stop, out, zones);
  }

  /** {@code injected spike              on oven-x at 07:22:50 CET}: the start in {@code zone} (UTC when null). */
  static String injectedLine(AnomalyEpisode e, ZoneId zone) {
    return String.format(Locale.ROOT, "injected %-18s on %s at %s", e.kind().dbName(), e.sensorId(),
        RunSummary.time(e.start(), zone == null ? RunSummary.UTC : zone));
  }

  private static List<EpisodeRow> episodeRows(List<AnomalyEpisode> episodes) {
    List<EpisodeRow> rows = new ArrayList<>();
    for (AnomalyEpisode e : episodes) {
      rows.add(new EpisodeRow(e.sensorId(), e.category().dbName(), e.kind(), e.start(), e.end(),
          e.source().dbName()));
    }
    return rows;
  }

  private PublishTarget viaMqtt() {
    if (viaMqtt == null) {
      return null;
    }
    if (monitorOnly) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--via-mqtt needs the generator: it cannot be combined with --monitor-only");
    }
    try {
      String url = viaMqtt.isEmpty()
          ? RunTopic.DEFAULT_BROKER + "/" + RunTopic.defaultPrefix(set.checked(spec), dbOptions.config())
          : viaMqtt;
      return PublishTarget.parse("--via-mqtt", url);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void validate() {
    WatchOptions.requireInterval(spec, "--data-interval", dataInterval);
    WatchOptions.requireInterval(spec, "--monitor-interval", monitorInterval);
    WatchOptions.requireThreshold(spec, threshold);
    WatchOptions.requirePositive(spec, "--duration", duration);
    set.checked(spec);
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requireRate(spec, anomalyRate);
    alerting.validate(spec);
  }

  /** Outages reported on stderr, one line each, by the part of the run that met them. */
  private DatabaseRetry retry(Clock clock, String who) {
    return new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), say(who), Sleeper.real(clock)::sleepUntil);
  }

  private Consumer<String> say(String who) {
    PrintWriter err = spec.commandLine().getErr();
    return line -> {
      synchronized (err) {
        err.println(who + line);
        err.flush();
      }
    };
  }

  private static void print(PrintWriter out, CycleSummary s) {
    synchronized (out) {
      out.printf(Locale.ROOT, "monitor: scored %s of %s (%d warming up), %s opened, %d resolved%n",
          Human.count(s.scored(), "reading"), Human.count(s.sensors(), "sensor"), s.warmingUp(),
          Human.count(s.opened(), "alert"), s.resolved());
      out.flush();
    }
  }
}
