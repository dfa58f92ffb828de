package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.generate.BatchGenerator;
import com.anomalywatcher.generate.ContinuousGenerator;
import com.anomalywatcher.generate.FleetResolver;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.monitor.AlertChange;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.CycleSummary;
import com.anomalywatcher.monitor.ModelTrainer;
import com.anomalywatcher.monitor.Monitor;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingDeliveries;
import com.anomalywatcher.store.ReadingsSignal;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench fleet}: the watcher at fleet size, end to end through the configured (empty)
 * database in one process: generate a history, train, monitor the last hours once, restart the
 * monitor cold, then watch a live generator; reports readings/s, bytes per model on disk and in the
 * heap by kind, cold start, alert latency and the process's peak memory ({@link FleetFigures}).
 * A benchmark, not a test: it only reports.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the watcher at fleet size on an empty database after db init (set bench-fleet, seed 7):",
      "sample --days D of 1-minute readings (the last 6 h with anomalies), train on the rest,",
      "monitor the 6 h once, restart the monitor cold, then run a live generator (every sensor",
      "every 10 s) with the monitor every 10 s for --live-minutes. Prints readings/s of sample,",
      "train and monitor, bytes per model on disk and in the heap by kind, cold start, p50/p99",
      "alert latency (from the reading's commit: on time, after a lost one, held, late) and max",
      "RSS. Models go to a temporary directory, deleted at the end."
    })
final class FleetBenchCommand implements Callable<Integer> {
  static final Duration MONITORED = Duration.ofHours(6);
  static final Duration LIVE_INTERVAL = Duration.ofSeconds(10);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--sensors", defaultValue = "1000", paramLabel = "N", description = "Sensors (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--days", defaultValue = "2", paramLabel = "D", description = "Days of history, 1 to 30 (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--live-minutes", defaultValue = "3", paramLabel = "M",
      description = "Minutes of live generation and monitoring, 0 to skip (default: ${DEFAULT-VALUE}).")
  int liveMinutes;

  @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed of the fleet and its readings (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--early-cycles", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = {"Live: start a monitor cycle early when the generator's readings commit, as `monitor` does",
          "(default); --no-early-cycles: every 10 s only, as before, for comparison."})
  boolean earlyCycles;

  @Option(names = "--monitor-offset", defaultValue = "0", paramLabel = "S",
      description = {"Live: start the monitor's cycles S seconds (0 to 9) after the generator's, which moves where",
          "the 10-s cycles fall between its ticks (default: ${DEFAULT-VALUE})."})
  int monitorOffset;

  @Option(names = "--json", description = "Print one JSON line with the figures as the last line.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    WatchOptions.requireSensors(spec, "--sensors", sensors);
    WatchOptions.requirePositive(spec, "--days", days, "days");
    WatchOptions.requireAtMost(spec, "--days", days, 30, "days");
    WatchOptions.requireAtMost(spec, "--live-minutes", liveMinutes, 24 * 60, "minutes");
    if (monitorOffset < 0 || monitorOffset >= LIVE_INTERVAL.toSeconds()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--monitor-offset must be 0 to " + (LIVE_INTERVAL.toSeconds() - 1) + " seconds, got " + monitorOffset);
    }
    if (liveMinutes < 0) {
      WatchOptions.requirePositive(spec, "--live-minutes", liveMinutes, "minutes");
    }
    Clock clock = Clock.systemUTC();
    PrintWriter out = spec.commandLine().getOut();
    Path models = temporaryModels();
    try (Database db = dbOptions.openInitialised()) {
      if (!new ReadingStore(db).sensorIds().isEmpty()) {
        throw new CommandFailure("bench fleet needs an empty database: it writes " + sensors
            + " sensors and trains and monitors every sensor stored; point --db-url (or AW_DB_URL) at a fresh one after db init");
      }
      FleetFigures figures = run(db, ModelRepository.at(models), clock, out);
      figures.print(out, json);
    } finally {
      deleteAll(models);
    }
    return 0;
  }

  private FleetFigures run(Database db, ModelRepository repository, Clock clock, PrintWriter out)
      throws InterruptedException {
    FleetFigures f = new FleetFigures(sensors, days, liveMinutes, seed);
    f.earlyCycles(earlyCycles, monitorOffset);
    Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant cut = end.minus(MONITORED);
    Instant start = end.minus(Duration.ofDays(days));
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db))
        .resolve("bench-fleet", sensors, OptionalLong.of(seed), seed);
    say(out, "sample: %,d sensors, %s .. %s at 1 min", sensors, start, end);
    BatchGenerator generator = new BatchGenerator(db, clock);
    BatchGenerator.Result history = generator.run(new BatchGenerator.Request(fleet, start, cut,
        SimulationSettings.realistic(seed, Duration.ofMinutes(1), 0, false, com.anomalywatcher.anomaly.Difficulty.NORMAL, List.of())),
        (done, total) -> { });
    BatchGenerator.Result window = generator.run(new BatchGenerator.Request(fleet, cut, end,
        SimulationSettings.realistic(seed, Duration.ofMinutes(1), 0.02, false, com.anomalywatcher.anomaly.Difficulty.NORMAL, List.of())),
        (done, total) -> { });
    f.sample(history.rowsWritten() + window.rowsWritten(), history.elapsed().plus(window.elapsed()));

    say(out, "train: %s .. %s", start, cut);
    long t0 = System.nanoTime();
    List<ModelTrainer.Trained> trained = new ModelTrainer(db, repository, clock).train(start, cut);
    f.train(trained.stream().mapToLong(ModelTrainer.Trained::points).sum(), Duration.ofNanos(System.nanoTime() - t0));
    f.disk(repository.list());
    f.heap(ModelHeap.measure(repository));

    say(out, "monitor --once: %s .. %s", cut, end);
    MonitorSettings settings = MonitorSettings.of(0.7, 3, Duration.ofMinutes(15));
    LatencySink latency = new LatencySink(clock);
    t0 = System.nanoTime();
    CycleSummary once = new Monitor(db, repository, settings, latency, clock).runOnce();
    f.monitor(once.scored(), Duration.ofNanos(System.nanoTime() - t0));

    say(out, "cold start: a new monitor restores %,d models and its context", trained.size());
    t0 = System.nanoTime();
    // the live monitor as `monitor` runs it: reorder window and running states saved a share a cycle
    Monitor live = new Monitor(db, repository, settings.withReorderReadings(MonitorSettings.DEFAULT_REORDER_READINGS)
        .withStateShares(MonitorSettings.DEFAULT_STATE_SHARES), latency, clock);
    live.runOnce();
    f.coldStart(Duration.ofNanos(System.nanoTime() - t0));
    latency.clear();
    if (liveMinutes > 0) {
      say(out, "live: every sensor every %d s for %d min, monitor every %d s", LIVE_INTERVAL.toSeconds(), liveMinutes,
          LIVE_INTERVAL.toSeconds());
      live(db, fleet, live, latency, clock);
      f.latency(latency.millis(), latency.fromCommit(db));
    }
    f.maxRss(FleetFigures.maxRssBytes());
    return f;
  }

  /** A live generator on its own thread, the monitor every {@link #LIVE_INTERVAL} on this one. */
  private void live(Database db, List<SensorSpec> fleet, Monitor monitor, LatencySink latency, Clock clock)
      throws InterruptedException {
    ContinuousGenerator generator = new ContinuousGenerator(db, new ContinuousGenerator.Settings(fleet,
        SimulationSettings.realistic(seed, LIVE_INTERVAL, 0.02, false, com.anomalywatcher.anomaly.Difficulty.NORMAL, List.of()),
        Optional.of(Duration.ofMinutes(liveMinutes))), clock, Sleeper.real(clock));
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread generating = new Thread(() -> {
      try {
        generator.run(() -> false, (tick, forced, cleared) -> {
          // called after the tick's readings were committed: the commit time the issue measures from
          if (!tick.readings().isEmpty()) {
            latency.committed(tick.readings().get(0).timestamp(), clock.instant());
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "aw-bench-fleet-generator");
    generating.start();
    try (ReadingsSignal signal = ReadingsSignal.listen(db, clock)) {
      Sleeper.real(clock).sleepUntil(clock.instant().plusSeconds(monitorOffset), () -> !generating.isAlive());
      // as `monitor` runs: every LIVE_INTERVAL, and early when the generator's readings commit
      while (generating.isAlive()) {
        Instant cycle = clock.instant();
        signal.clear();
        monitor.runOnce();
        if (earlyCycles) {
          MonitorCommand.awaitNextCycle(signal, cycle, cycle.plus(LIVE_INTERVAL), () -> !generating.isAlive());
        } else {
          Sleeper.real(clock).sleepUntil(cycle.plus(LIVE_INTERVAL), () -> !generating.isAlive());
        }
      }
      monitor.runOnce();
    } finally {
      generating.interrupt();
      generating.join(10_000);
    }
    if (failure.get() != null) {
      throw new CommandFailure("bench fleet: the live generator failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /**
   * The live alerts' latencies: from the triggering reading's time, and from its own commit (the
   * issue's measure) split by how the reading arrived ({@link ReadingDeliveries}): on time; after
   * a reading its sensor lost (the realistic world's dropouts); committed before an older reading of
   * its sensor that came late (the reorder window held these back until 2026-12-05); or late itself
   * (3 % of the realistic world's readings come 1-3 ticks late). A reading's commit is its delivery
   * tick's: the generator reports each tick once its rows are committed.
   */
  private static final class LatencySink implements AlertSink {
    private final Clock clock;
    private final List<Opened> opened = new ArrayList<>();
    private final java.util.concurrent.ConcurrentSkipListMap<Instant, Instant> tickCommits =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    /** An alert the monitor committed at {@code at}, opened by the reading of {@code sensorId} at {@code reading}. */
    private record Opened(String sensorId, Instant reading, Instant at) {}

    LatencySink(Clock clock) {
      this.clock = clock;
    }

    /** The generator committed the readings of the tick at {@code tick} by {@code at}. */
    void committed(Instant tick, Instant at) {
      tickCommits.put(tick, at);
    }

    @Override
    public synchronized void deliver(AlertChange change) {
      if (change.type() == AlertChange.Type.OPENED && change.alert().kind() != AnomalyKind.OFFLINE) {
        opened.add(new Opened(change.alert().sensorId(), change.alert().lastAnomalousAt(), clock.instant()));
      }
    }

    synchronized void clear() {
      opened.clear();
    }

    /** Milliseconds from each alert's reading time to its commit. */
    synchronized List<Long> millis() {
      return opened.stream().map(o -> Duration.between(o.reading(), o.at()).toMillis()).toList();
    }

    /** Milliseconds from each alert's reading's own commit to the alert's, by how the reading arrived. */
    synchronized java.util.Map<FleetFigures.Arrival, List<Long>> fromCommit(Database db) {
      java.util.Map<ReadingDeliveries.Key, Opened> byReading = new java.util.LinkedHashMap<>();
      opened.forEach(o -> byReading.putIfAbsent(new ReadingDeliveries.Key(o.sensorId(), o.reading()), o));
      java.util.Map<FleetFigures.Arrival, List<Long>> out = new java.util.EnumMap<>(FleetFigures.Arrival.class);
      for (FleetFigures.Arrival kind : FleetFigures.Arrival.values()) {
        out.put(kind, new ArrayList<>());
      }
      // what a live monitor's reorder window looks at: a reading comes at most 3 ticks late, and it
      // takes its place while it is due less than that window (plus one) ago
      Duration window = LIVE_INTERVAL.multipliedBy(MonitorSettings.DEFAULT_REORDER_READINGS + 1L);
      for (ReadingDeliveries.Delivery d : new ReadingDeliveries(db).of(List.copyOf(byReading.keySet()), window)) {
        java.util.Map.Entry<Instant, Instant> tick = tickCommits.floorEntry(d.deliveredWith());
        if (tick == null) {
          continue; // written before the live generator started
        }
        FleetFigures.Arrival kind = d.late() ? FleetFigures.Arrival.LATE
            : d.overtaken() ? FleetFigures.Arrival.WAITED
            : d.widestGapBefore().toMillis() * 2 > LIVE_INTERVAL.toMillis() * 3 ? FleetFigures.Arrival.AFTER_LOST
            : FleetFigures.Arrival.ON_TIME;
        Opened o = byReading.get(new ReadingDeliveries.Key(d.sensorId(), d.timestamp()));
        out.get(kind).add(Duration.between(tick.getValue(), o.at()).toMillis());
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static void say(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, "bench fleet: " + format + "%n", args);
    out.flush();
  }

  private static Path temporaryModels() {
    try {
      return Files.createTempDirectory("aw-bench-fleet-models");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary models directory failed: " + e.getMessage(), e);
    }
  }

  /** Deletes a temporary directory with what is in it; a failure leaves it (harmless). Also {@code bench soak}'s. */
  static void deleteAll(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary directory is harmless; the figures are what the user asked for
    }
  }
}
