package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.generate.Sleeper;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.CycleSummary;
import com.anomalywatcher.monitor.Monitor;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.monitor.RecoveringMonitor;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.ReadingsSignal;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code monitor}: scores new readings every interval and raises explained alerts. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Every interval, score the readings stored since each sensor's checkpoint (in time order, each",
      "before the detector learns it) and raise, extend or resolve alerts. Checkpoints are stored,",
      "so a restart neither re-alerts nor skips. Sensors without a trained model warm up online.",
      "Readings this program writes (continuous, sample, ingest, import) start a cycle early, at",
      "most one a second; the interval still finds what other writers store."
    })
final class MonitorCommand implements Callable<Integer> {
  /**
   * The cycle line's time: the machine's clock, one line for sensors in several zones, so in UTC and
   * saying so ({@code 06:21:19 UTC scored ...}) beside alert lines in each sensor's local time.
   */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin MetricsOption metrics;
  @Mixin ModelsDirOption models;
  @Mixin MonitorOptions alerting;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60", converter = DurationConverter.Seconds.class,
      description = "Time between scoring cycles, e.g. 30s or 1m; a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration interval;

  @Option(names = "--threshold", paramLabel = "SCORE", defaultValue = Defaults.THRESHOLD, description = "Alert when a reading's score reaches this, 0..1 (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--once", description = "Score everything pending up to now, then exit.")
  boolean once;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.Minutes.class,
      description = "Stop after this long, e.g. 30s or 2h; a bare number is minutes (default: until Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws InterruptedException {
    WatchOptions.requireInterval(spec, "--interval", interval);
    WatchOptions.requireThreshold(spec, threshold);
    alerting.validate(spec);
    if (duration != null) {
      WatchOptions.requirePositive(spec, "--duration", duration);
    }
    ModelRepository repository = WatchOptions.readableModels(spec, models.dir(dbOptions.config()));
    metrics.validate();
    Clock clock = Clock.systemUTC();
    PrintWriter out = spec.commandLine().getOut();
    // --once has no later cycle for a late reading to take its place in: it keeps no state for one
    MonitorSettings settings = once ? MonitorSettings.of(threshold, alerting.quietReadings, alerting.window())
        : alerting.live(threshold);
    if (once) {
      return once(repository, settings, clock, out);
    }
    try (Database db = dbOptions.openInitialised(); AlertSink sinks = alerting.sinks(spec, db, clock);
        MetricsEndpoint endpoint = metrics.start(AwMetrics.Role.MONITOR)) {
      PrintWriter err = spec.commandLine().getErr();
      Consumer<String> say = line -> {
        err.println(line);
        err.flush();
      };
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), say, Sleeper.real(clock)::sleepUntil);
      try (MonitorLease lease = alerting.lease(db); ReadingsSignal signal = ReadingsSignal.listen(db, clock)) {
        return loop(new RecoveringMonitor(fence -> new Monitor(db, repository, settings, sinks, clock, fence), retry,
            lease, say),
            sinks, clock, out, signal, repository.dir());
      }
    }
  }

  /**
   * {@code --once}: the lease first, then the sinks. Opening a sink registers it and records where it
   * delivers now (the one started last wins), so a run refused because another monitor is active
   * must not open them: it took the active monitor's webhook over and, once it had exited, nobody
   * delivered that sink's events.
   */
  private int once(ModelRepository repository, MonitorSettings settings, Clock clock, PrintWriter out) {
    try (Database db = dbOptions.openInitialised(); MetricsEndpoint endpoint = metrics.start(AwMetrics.Role.MONITOR);
        MonitorLease lease = alerting.lease(db)) {
      if (!lease.holdOrTake()) {
        throw new CommandFailure("another monitor is active on this database: --once would score and notify twice");
      }
      try (AlertSink sinks = alerting.sinks(spec, db, clock)) {
        ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), 1000);
        Monitor monitor = new Monitor(db, repository, settings, sinks, clock, lease.fence());
        // the pass has no next reading to confirm an onset at its end: the end judges those once
        CycleSummary summary = monitor.endPass(monitor.runOnce(ProgressBar.overTime(bar, "scored")));
        bar.finish();
        sinks.passEnded();
        print(out, clock.instant(), summary);
      }
    }
    return 0;
  }

  /** Cycles until the duration is over or a signal; returns the exit code (128 + the signal's number after a cut cycle). */
  private int loop(RecoveringMonitor monitor, AlertSink sinks, Clock clock, PrintWriter out, ReadingsSignal signal,
      java.nio.file.Path modelsDir) throws InterruptedException {
    Instant deadline = duration == null ? null : clock.instant().plus(duration);
    out.printf(Locale.ROOT, "monitoring every %s, threshold %.2f%s, models from %s (Ctrl-C to stop)%n",
        Human.duration(interval), threshold, duration == null ? "" : ", for " + Human.duration(duration),
        modelsDir);
    out.flush();
    try (StopSignal stop = StopSignal.onInterrupt()) {
      // A signal ends a cycle at its next commit (after a slice of readings, or before the next
      // read), then the running states are saved: what is committed stays, the next run scores the
      // rest and has nothing to replay. Setup inside a cycle (loading models) does not poll: should
      // it outlast the wind-down, or a second signal come, the process ends at once, which loses
      // nothing either (the next start replays what the saved states miss).
      stop.windDown(SAVE_STATES_GRACE);
      boolean cut = false;
      while (!stop.requested()) {
        Instant cycle = clock.instant();
        signal.clear(); // the readings signalled so far commit before this cycle's snapshot
        Cycle scored = cycle(monitor, stop);
        sinks.passEnded();
        if (scored.cut()) {
          cut = true;
          break;
        }
        scored.summary().ifPresent(s -> print(out, cycle, s));
        if (deadline != null && !clock.instant().isBefore(deadline)) {
          break;
        }
        Instant next = cycle.plus(interval);
        awaitNextCycle(signal, cycle, deadline != null && deadline.isBefore(next) ? deadline : next, stop::requested);
      }
      saveRunningStates(monitor, stop, out);
      return cut ? stop.signalExitCode() : 0;
    }
  }

  /**
   * A live scoring cycle's outcome.
   *
   * @param cut whether a signal ended it at a commit before it scored all that was pending
   * @param summary what it scored; empty when cut (it would count only part of what was pending)
   *     or when the monitor could not run it (the database was away)
   */
  record Cycle(boolean cut, java.util.Optional<CycleSummary> summary) {}

  /**
   * One scoring cycle of a live {@code monitor} or {@code run} under their one stop rule: a signal
   * (after {@link StopSignal#windDown}) ends it at its next commit, so what it scored stays committed
   * with its checkpoints and alerts, and the next start scores the rest, each reading once.
   */
  static Cycle cycle(RecoveringMonitor monitor, StopSignal stop) {
    java.util.Optional<CycleSummary> summary = monitor.runOnce(stop::requested);
    return stop.requested() ? new Cycle(true, java.util.Optional.empty()) : new Cycle(false, summary);
  }

  /**
   * The shortest time between the starts of two cycles that committed readings start early: a busy
   * ingest commits many batches a second, and a cycle has fixed costs (finding new sensors and late
   * arrivals, saving a share of the running states).
   */
  static final Duration MIN_CYCLE_GAP = Duration.ofSeconds(1);

  /**
   * Waits after the cycle started at {@code cycle} until {@code next}, or less for readings signalled
   * as committed meanwhile, but at least {@link #MIN_CYCLE_GAP}; shared by {@code run} and
   * {@code bench fleet}.
   */
  static void awaitNextCycle(ReadingsSignal signal, Instant cycle, Instant next, java.util.function.BooleanSupplier stop)
      throws InterruptedException {
    Instant earliest = cycle.plus(MIN_CYCLE_GAP);
    signal.awaitUntil(earliest.isAfter(next) ? next : earliest, next, stop);
  }

  /**
   * How long a monitor may take after a signal to end its cycle and save its running states (a
   * second signal ends it at once). Under the 30 s a container runtime or service manager commonly
   * gives a stopping service before it kills it.
   */
  static final Duration SAVE_STATES_GRACE = Duration.ofSeconds(20);

  /**
   * Saves the running states a live monitor holds unsaved, so the next start resumes every sensor at
   * its checkpoint instead of replaying up to a share's worth of cycles into most of them (10,000
   * sensors: a cold start of 35 s instead of 10-23 s, docs/performance-log.md). Shared by {@code run}.
   */
  static void saveRunningStates(RecoveringMonitor monitor, StopSignal stop, PrintWriter out) {
    stop.windDown(SAVE_STATES_GRACE);
    long t0 = System.nanoTime();
    int saved = monitor.saveRunningStates();
    if (saved > 0) {
      out.printf(Locale.ROOT, "stopping: saved the running states of %s in %.1f s%n", Human.count(saved, "sensor"),
          (System.nanoTime() - t0) / 1e9);
      out.flush();
    }
  }

  private static void print(PrintWriter out, Instant now, CycleSummary s) {
    out.printf(Locale.ROOT, "%s scored %s of %s (%d warming up%s%s): %s opened, %d resolved%n",
        TIME.format(now), Human.count(s.scored(), "reading"), Human.count(s.sensors(), "sensor"), s.warmingUp(),
        s.late() > 0 ? ", " + s.late() + " arrived late" : "", s.inPlace() > 0 ? " (" + s.inPlace() + " in their place)" : "",
        Human.count(s.opened(), "alert"), s.resolved());
    out.flush();
  }
}
