package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.AlertSinks;
import com.anomalywatcher.monitor.AlertTransport;
import com.anomalywatcher.monitor.CycleSummary;
import com.anomalywatcher.monitor.Monitor;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.monitor.RecoveringMonitor;
import com.anomalywatcher.monitor.WebhookFormat;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.web.DashboardServer;
import com.anomalywatcher.web.ServeSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench soak}: a live generator, the monitor and the dashboard together for a while, on a
 * sensor set of their own ({@code soak}), reporting every report interval the heap and resident
 * memory, how far the stored readings and the monitor's checkpoints trail the clock, the alert
 * events delivered to a local webhook and those still pending, and how long the dashboard takes to
 * answer. A benchmark, not a test: it only reports.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run a live generator (set 'soak'), the monitor (delivering alerts to a local webhook) and the",
      "dashboard together and report, every --report seconds: heap and resident memory, generator lag",
      "(clock minus newest stored reading), monitor lag (clock minus the oldest checkpoint), alert",
      "events delivered and undelivered, and the slowest of the dashboard's fleet, sensors and alerts",
      "answers. Needs a database of its own after db init (it refuses one with sensors of other sets):",
      "its monitor scores every sensor stored."
    })
final class SoakCommand implements Callable<Integer> {
  /** The sensor set the soak generates. */
  static final String SET = "soak";

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "5", description = "How long to run (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--sensors", paramLabel = "N", defaultValue = "1000", description = "Sensors generated every second (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--report", paramLabel = "S", defaultValue = "30", description = "Seconds between report lines (default: ${DEFAULT-VALUE}).")
  int reportSeconds;

  @Override
  public Integer call() throws Exception {
    WatchOptions.requireAtMost(spec, "--minutes", minutes, 24 * 60, "");
    WatchOptions.requirePositive(spec, "--minutes", minutes, "");
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requirePositive(spec, "--report", reportSeconds, "seconds");
    Clock clock = Clock.systemUTC();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path models = Files.createTempDirectory("aw-soak-models");
    try (StopSignal stop = StopSignal.onInterrupt(); Database db = ownDatabase(dbOptions.openInitialised());
        MonitorLease lease = new MonitorLease(db); SoakProbes probes = SoakProbes.start();
        DashboardServer serve = DashboardServer.start(db, new ServeSettings("127.0.0.1", 0, Optional.empty(),
            Duration.ofSeconds(1), Optional.of(models)), clock)) {
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db)).resolve(SET, sensors, OptionalLong.of(11), 11);
      DatabaseRetry generatorRetry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), err::println,
          Sleeper.real(clock)::sleepUntil);
      ContinuousGenerator generator = new ContinuousGenerator(db, new ContinuousGenerator.Settings(fleet,
          new SimulationSettings(11, Duration.ofSeconds(1), 0.01, false), Optional.of(Duration.ofMinutes(minutes))),
          clock, Sleeper.real(clock), generatorRetry);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread generating = new Thread(() -> {
        try {
          generator.run(stop::requested, (tick, forced, cleared) -> { });
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure.set(e);
          stop.request();
        }
      }, "aw-soak-generator");
      generating.start();
      OutboxStore outbox = new OutboxStore(db);
      AlertTransport webhook = AlertSinks.webhook(outbox, "soak", probes.webhookUrl(), WebhookFormat.JSON, List.of());
      try (AlertSink delivery = AlertSinks.fromOutbox(outbox, webhook, Duration.ofHours(24), clock, err)) {
        MonitorSettings settings = MonitorSettings.of(0.7, 3, Duration.ofMinutes(15));
        RecoveringMonitor monitor = new RecoveringMonitor(fence -> new Monitor(db, ModelRepository.at(models), settings,
            delivery, clock, fence), new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), err::println,
            Sleeper.real(clock)::sleepUntil), lease, err::println);
        Set<String> fleetIds = fleet.stream().map(SensorSpec::sensorId).collect(Collectors.toSet());
        new Watch(db, fleetIds, probes, serve.port(), webhook.sinkName(), clock, out).run(monitor, generating, stop);
      }
      generating.join();
      if (failure.get() != null) {
        throw new CommandFailure("soak: the generator failed: " + failure.get().getMessage(), failure.get());
      }
    } finally {
      FleetBenchCommand.deleteAll(models); // every run, and every refusal, left an aw-soak-models* in the temp dir
    }
    return 0;
  }

  /**
   * {@code db}, or a refusal (closing it) when it stores sensors other than a soak's: the soak's
   * monitor scores every sensor of the database, without their models, and moves their checkpoints,
   * so on a database in use it alerted on the user's sensors (1,067 alert events on the README's
   * examples), took the monitor lease, and left their readings already scored for the user's own
   * {@code train} and {@code monitor --once}.
   */
  static Database ownDatabase(Database db) {
    try {
      Set<String> others = new TreeSet<>(new ReadingStore(db).sensorIds());
      others.removeAll(new SensorSets(db).members(SET));
      if (!others.isEmpty()) {
        throw new CommandFailure("bench soak needs a database of its own: its monitor scores every sensor stored, and "
            + Human.count(others.size(), "sensor") + " outside set '" + SET + "' (" + others.iterator().next()
            + ", ...) would be scored and alerted on without their models; point --db-url (or AW_DB_URL, or --data-dir)"
            + " at a fresh one after db init");
      }
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The soak's main thread: a monitor cycle every 10 s and a report line every --report seconds. */
  private final class Watch {
    private final Database db;
    private final Set<String> fleet;
    private final SoakProbes probes;
    private final int servePort;
    private final String sink;
    private final Clock clock;
    private final PrintWriter out;
    private final Instant start;
    private long scored;

    Watch(Database db, Set<String> fleet, SoakProbes probes, int servePort, String sink, Clock clock, PrintWriter out) {
      this.db = db;
      this.fleet = fleet;
      this.probes = probes;
      this.servePort = servePort;
      this.sink = sink;
      this.clock = clock;
      this.out = out;
      this.start = clock.instant();
    }

    void run(RecoveringMonitor monitor, Thread generating, StopSignal stop) throws InterruptedException {
      Instant nextReport = start.plusSeconds(reportSeconds);
      out.printf(Locale.ROOT, "soak: %d sensors every 1 s for %d min, monitor every 10 s delivering to a local webhook,"
          + " dashboard on port %d%n", sensors, minutes, servePort);
      out.printf(Locale.ROOT, "%8s %8s %8s %14s %12s %9s %9s %12s %9s%n", "elapsed", "heap MB", "RSS MB",
          "generator lag", "monitor lag", "scored", "delivered", "undelivered", "serve ms");
      out.flush();
      stop.graceful();
      while (generating.isAlive() && !stop.requested()) {
        monitor.runOnce().map(CycleSummary::scored).ifPresent(n -> scored += n);
        if (!clock.instant().isBefore(nextReport)) {
          report();
          nextReport = nextReport.plusSeconds(reportSeconds);
        }
        Sleeper.real(clock).sleepUntil(clock.instant().plusSeconds(10), () -> stop.requested() || !generating.isAlive());
      }
      if (!stop.requested()) {
        monitor.runOnce().map(CycleSummary::scored).ifPresent(n -> scored += n);
        report();
      }
    }

    private void report() throws InterruptedException {
      Runtime rt = Runtime.getRuntime();
      long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
      Lags lags = Lags.measure(() -> newestReading(new ReadingStore(db).sensors(), fleet),
          () -> oldestCheckpoint(new AlertStore(db).checkpoints().values(), fleet), clock);
      Instant now = lags.at();
      long undelivered = new OutboxStore(db).countPending(sink);
      SoakProbes.ServeProbe serve = probes.probeServe(servePort);
      out.printf(Locale.ROOT, "%7ds %8d %8d %14s %12s %9d %9d %12d %9s%n", Duration.between(start, now).toSeconds(),
          heapMb, SoakProbes.residentMegabytes(), lags.generator(), lags.monitor(), scored,
          probes.received(), undelivered, serve.slowestMillis() + (serve.failed() == 0 ? "" : " (" + serve.failed() + " failed)"));
      out.flush();
    }
  }

  /**
   * The oldest checkpoint of the soak's own sensors. Other sensors of the database (the README's
   * examples, an import from 2014) are not the soak's: over all of them the monitor lag read
   * 403,275,954 s, the age of a NAB series imported before.
   */
  static Optional<Instant> oldestCheckpoint(Collection<Checkpoint> checkpoints, Set<String> fleet) {
    return checkpoints.stream().filter(c -> fleet.contains(c.sensorId())).map(Checkpoint::lastScoredAt)
        .min(Instant::compareTo);
  }

  /** The newest stored reading of the soak's own sensors (a foreign sensor may send from the future). */
  static Optional<Instant> newestReading(Collection<ReadingStore.SensorRow> sensors, Set<String> fleet) {
    return sensors.stream().filter(s -> fleet.contains(s.sensorId()) && s.lastReadingAt() != null)
        .map(ReadingStore.SensorRow::lastReadingAt).max(Instant::compareTo);
  }

  /**
   * The generator's lag (the clock minus the soak's newest stored reading: how far storage trails
   * the ticks, 0 to one interval when it keeps up) and the monitor's (the clock minus its oldest
   * checkpoint), both against the clock read after the queries. Read before them, a tick stored
   * while they ran made the generator's lag negative (-0.8 s in docs/performance-log.md's first row).
   */
  record Lags(Instant at, String generator, String monitor) {
    static Lags measure(java.util.function.Supplier<Optional<Instant>> newestReading,
        java.util.function.Supplier<Optional<Instant>> oldestCheckpoint, Clock clock) {
      Instant reading = newestReading.get().orElse(null);
      Instant checkpoint = oldestCheckpoint.get().orElse(null);
      Instant now = clock.instant();
      return new Lags(now, lag(now, reading), lag(now, checkpoint));
    }
  }

  private static String lag(Instant now, Instant t) {
    return t == null ? "-" : String.format(Locale.ROOT, "%.1fs", Duration.between(t, now).toMillis() / 1000.0);
  }
}
