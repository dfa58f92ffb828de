package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.CycleSummary;
import com.anomalywatcher.monitor.Monitor;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.monitor.RecoveringMonitor;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
      "online (about a dozen readings). Ctrl-C stops early and still prints the summary."
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
      description = "Time between scoring cycles, e.g. 10s; a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration monitorInterval;

  @Option(names = "--threshold", defaultValue = Defaults.THRESHOLD, description = "Alert threshold on the score, 0..1 (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1", converter = DurationConverter.Hours.class,
      description = "How long to run, e.g. 10m or 2h; a bare number is hours, as in the original (default: ${DEFAULT-VALUE} h).")
  Duration duration;

  @Option(names = "--anomaly-rate", defaultValue = Defaults.ANOMALY_RATE, description = "Expected fraction of readings inside an anomaly, 0..1 (default: ${DEFAULT-VALUE}).")
  double anomalyRate;

  @Option(names = "--demo-anomalies", description = "Inject the scripted demo sequence (every kind within minutes) instead of random anomalies.")
  boolean demo;

  @Option(names = "--monitor-only", description = "Do not generate: only monitor what others write.")
  boolean monitorOnly;

  @Option(names = "--sensors", defaultValue = Defaults.SENSORS, description = "Sensors to generate (default: ${DEFAULT-VALUE}): the set's sensors, one of each kind first.")
  int sensors;

  @Option(names = "--seed", description = "Seed of the generated behaviour (default: random).")
  Long seed;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    worldOptions.check();
    ModelRepository repository = WatchOptions.readableModels(spec, models.dir);
    Clock clock = Clock.systemUTC();
    StopSignal stop = StopSignal.onInterrupt();
    try (Database db = dbOptions.open()) {
      Schema.init(db, Optional.empty(), OptionalInt.empty(), clock);
      try (AlertSink sinks = alerting.sinks(spec, db, clock); MonitorLease lease = new MonitorLease(db)) {
        watch(db, sinks, lease, repository, clock, duration, stop);
      }
    } finally {
      stop.close();
    }
    return 0;
  }

  /** Generator and monitor until the duration is over or a stop; then the side-by-side summary. */
  private void watch(Database db, AlertSink sinks, MonitorLease lease, ModelRepository repository, Clock clock,
      Duration duration, StopSignal stop) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    MonitorSettings settings = MonitorSettings.of(threshold, alerting.quietReadings, alerting.window());
    RecoveringMonitor monitor = new RecoveringMonitor(
        () -> new Monitor(db, repository, settings, sinks, clock), retry(clock, "monitor: "), lease, say("monitor: "));
    Instant started = clock.instant();
    GeneratorThread generator = monitorOnly ? null : startGenerator(db, clock, duration, stop, out);
    Instant deadline = started.plus(duration);
    out.printf(Locale.ROOT, "monitoring every %s at threshold %.2f for %s%s%n", Human.duration(monitorInterval), threshold,
        Human.duration(duration), monitorOnly ? " (monitor only)" : "");
    out.flush();
    Instant nextCycle = started.plus(monitorInterval);
    while (!stop.requested() && clock.instant().isBefore(deadline)) {
      stop.graceful();
      Sleeper.real(clock).sleepUntil(nextCycle.isBefore(deadline) ? nextCycle : deadline, stop::requested);
      if (!stop.requested() && !clock.instant().isBefore(nextCycle)) {
        // A scoring cycle does not poll: a signal ends it at once (checkpoints and alerts commit together).
        stop.atOnce();
        monitor.runOnce().ifPresent(summary -> print(out, summary));
        nextCycle = nextCycle.plus(monitorInterval);
      }
    }
    boolean interrupted = stop.requested();
    stop.request();
    List<AnomalyEpisode> injected = generator == null ? List.of() : generator.finish();
    if (!interrupted) {
      // The last readings are scored before the summary; after Ctrl-C the summary comes at once.
      monitor.runOnce().ifPresent(summary -> print(out, summary));
    }
    Instant ended = clock.instant();
    List<EpisodeRow> episodes = generator == null
        ? new GroundTruthStore(db).episodesStartingIn(started, ended) : episodeRows(injected);
    RunSummary.print(out, episodes, new AlertStore(db).alertsOpenedIn(started, ended.plusSeconds(1)), dataInterval);
  }

  private GeneratorThread startGenerator(Database db, Clock clock, Duration duration, StopSignal stop, PrintWriter out) {
    long masterSeed = seed != null ? seed : new SecureRandom().nextLong();
    String setName = set.checked(spec);
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db))
        .resolve(setName, sensors, seed == null ? OptionalLong.empty() : OptionalLong.of(seed), masterSeed);
    SimulationSettings simulation =
        worldOptions.settings(masterSeed, dataInterval, anomalyRate, demo);
    ContinuousGenerator generator = new ContinuousGenerator(db,
        new ContinuousGenerator.Settings(fleet, simulation, Optional.of(duration)), clock, Sleeper.real(clock),
        retry(clock, "generator: "));
    SensorSetOption.printFleet(out, setName, fleet);
    out.printf(Locale.ROOT, "generating every %s, %s%n", Human.duration(dataInterval),
        demo ? "demo anomalies" : "anomaly rate " + anomalyRate);
    out.flush();
    return new GeneratorThread(generator, stop, out);
  }

  /** The generator on its own thread; {@link #finish()} waits for it and returns what it injected. */
  private static final class GeneratorThread {
    private final Thread thread;
    private final AtomicReference<ContinuousGenerator.Summary> summary = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    GeneratorThread(ContinuousGenerator generator, StopSignal stop, PrintWriter out) {
      thread = new Thread(() -> {
        try {
          summary.set(generator.run(stop::requested, (tick, forced, cleared) -> {
            for (AnomalyEpisode e : tick.startedEpisodes()) {
              synchronized (out) {
                out.printf(Locale.ROOT, "injected %-18s on %s at %s%n", e.kind().dbName(), e.sensorId(), e.start());
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

    List<AnomalyEpisode> finish() throws InterruptedException {
      thread.join();
      if (failure.get() != null) {
        throw new CommandFailure("generator failed: " + failure.get().getMessage(), failure.get());
      }
      ContinuousGenerator.Summary s = summary.get();
      return s == null ? List.of() : s.episodes();
    }
  }

  private static List<EpisodeRow> episodeRows(List<AnomalyEpisode> episodes) {
    List<EpisodeRow> rows = new ArrayList<>();
    for (AnomalyEpisode e : episodes) {
      rows.add(new EpisodeRow(e.sensorId(), e.category().dbName(), e.kind(), e.start(), e.end(),
          e.source().dbName()));
    }
    return rows;
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
