package com.anomalywatcher.cli;

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
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench soak}: a live generator and the monitor together for a while, on a sensor set of
 * their own ({@code soak}), reporting every report interval the heap in use, how far the stored
 * readings and the monitor's checkpoints trail the clock, and the alert events not yet delivered.
 * A benchmark, not a test: it only reports.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run a live generator (set 'soak') and the monitor together and report, every --report seconds,",
      "heap in use, generator lag (clock minus newest stored reading), monitor lag (clock minus the",
      "oldest checkpoint) and undelivered alert events."
    })
final class SoakCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--minutes", defaultValue = "5", description = "How long to run (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--sensors", defaultValue = "1000", description = "Sensors generated every second (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--report", defaultValue = "30", description = "Seconds between report lines (default: ${DEFAULT-VALUE}).")
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
    try (StopSignal stop = StopSignal.onInterrupt(); Database db = dbOptions.openInitialised();
        MonitorLease lease = new MonitorLease(db)) {
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db)).resolve("soak", sensors, OptionalLong.of(11), 11);
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
      AlertSink quiet = new AlertSink() {
        @Override
        public void deliver(com.anomalywatcher.monitor.AlertChange change) {}

        @Override
        public void close() {}
      };
      MonitorSettings settings = MonitorSettings.of(0.7, 3, Duration.ofMinutes(15));
      RecoveringMonitor monitor = new RecoveringMonitor(() -> new Monitor(db, ModelRepository.at(models), settings,
          quiet, clock), new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), err::println,
          Sleeper.real(clock)::sleepUntil), lease, err::println);
      watch(db, monitor, generating, stop, clock, out);
      generating.join();
      if (failure.get() != null) {
        throw new CommandFailure("soak: the generator failed: " + failure.get().getMessage(), failure.get());
      }
    }
    return 0;
  }

  private void watch(Database db, RecoveringMonitor monitor, Thread generating, StopSignal stop, Clock clock,
      PrintWriter out) throws InterruptedException {
    Instant start = clock.instant();
    Instant nextReport = start.plusSeconds(reportSeconds);
    AtomicLong scored = new AtomicLong();
    out.printf(Locale.ROOT, "soak: %d sensors every 1 s for %d min, monitor every 10 s%n", sensors, minutes);
    out.printf(Locale.ROOT, "%8s %9s %14s %12s %9s %12s%n", "elapsed", "heap MB", "generator lag", "monitor lag",
        "scored", "undelivered");
    out.flush();
    while (generating.isAlive() && !stop.requested()) {
      monitor.runOnce().map(CycleSummary::scored).ifPresent(scored::addAndGet);
      if (!clock.instant().isBefore(nextReport)) {
        report(db, clock, start, scored.get(), out);
        nextReport = nextReport.plusSeconds(reportSeconds);
      }
      Sleeper.real(clock).sleepUntil(clock.instant().plusSeconds(10), () -> stop.requested() || !generating.isAlive());
    }
    monitor.runOnce().map(CycleSummary::scored).ifPresent(scored::addAndGet);
    report(db, clock, start, scored.get(), out);
  }

  private static void report(Database db, Clock clock, Instant start, long scored, PrintWriter out) {
    Instant now = clock.instant();
    Runtime rt = Runtime.getRuntime();
    long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    Instant oldestCheckpoint = null;
    Instant newestReading = null;
    for (Checkpoint c : new AlertStore(db).checkpoints().values()) {
      oldestCheckpoint = oldestCheckpoint == null || c.lastScoredAt().isBefore(oldestCheckpoint) ? c.lastScoredAt() : oldestCheckpoint;
    }
    for (var s : new com.anomalywatcher.store.ReadingStore(db).sensors()) {
      if (s.lastReadingAt() != null && (newestReading == null || s.lastReadingAt().isAfter(newestReading))) {
        newestReading = s.lastReadingAt();
      }
    }
    int undelivered = new OutboxStore(db).pending(null, 100_000).size();
    out.printf(Locale.ROOT, "%7ds %9d %13s %12s %9d %12d%n", Duration.between(start, now).toSeconds(), heapMb,
        lag(now, newestReading), lag(now, oldestCheckpoint), scored, undelivered);
    out.flush();
  }

  private static String lag(Instant now, Instant t) {
    return t == null ? "-" : String.format(Locale.ROOT, "%.1fs", Duration.between(t, now).toMillis() / 1000.0);
  }
}
