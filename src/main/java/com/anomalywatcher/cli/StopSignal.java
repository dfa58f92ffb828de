package com.anomalywatcher.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a long-running command: every phase stops within a second.
 *
 * <p>Outside a graceful phase (setup: opening the database, building the fleet, restoring state,
 * loading models, {@code monitor --once}) a signal ends the process at once with exit code 130 (SIGINT) or
 * 143 (SIGTERM), as the JVM would: everything these phases write is in database transactions or
 * written to a temporary file and renamed, so an interrupted one leaves nothing half-done. Inside a
 * graceful phase ({@link #graceful()}: a loop that polls {@link #requested()} at least every few
 * hundred milliseconds) a signal only asks for a stop, so the loop can store what it holds and exit
 * 0; should it still run {@link #GRACE} later (or past its {@link #windDown}), or a second signal
 * come, the process ends at once.
 * {@link #close()} restores the previous handlers.
 */
final class StopSignal implements AutoCloseable {
  /** How long a graceful phase has to wind down after a signal. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final AtomicBoolean requested = new AtomicBoolean();
  /** Run once a stop is asked for: they wake a loop that waits for work, so it sees the stop at once. */
  private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
  private final PrintStream err;
  private volatile boolean graceful;
  /** How long a graceful phase may run on after a first signal ({@link #GRACE}, or a {@link #windDown}). */
  private volatile long graceNanos = GRACE.toNanos();
  /** When ({@link System#nanoTime()}) the watchdog ends the process after a first signal. */
  private volatile long deadline;
  /** 128 + the number of the first signal; 0 before one. */
  private volatile int exitCode;
  private SignalHandler previousInt;
  private SignalHandler previousTerm;

  private StopSignal(PrintStream err) {
    this.err = err;
  }

  /** Installs the handlers; the command starts outside a graceful phase. */
  static StopSignal onInterrupt() {
    StopSignal s = new StopSignal(System.err);
    SignalHandler handler = s::signalled;
    s.previousInt = Signal.handle(new Signal("INT"), handler);
    s.previousTerm = Signal.handle(new Signal("TERM"), handler);
    return s;
  }

  private void signalled(Signal signal) {
    boolean first = requested.compareAndSet(false, true);
    int code = 128 + signal.getNumber();
    if (first) {
      exitCode = code;
    }
    if (!graceful || !first) {
      exitNow(code, "interrupted (SIG" + signal.getName() + ")");
      return;
    }
    deadline = System.nanoTime() + graceNanos;
    Thread watchdog = new Thread(() -> {
      try {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
          Thread.sleep(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      exitNow(code, "interrupted (SIG" + signal.getName() + "): did not finish in time, stopping now; what was"
          + " not committed is not stored");
    }, "aw-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    wake();
  }

  private void wake() {
    for (Runnable r : onStop) {
      r.run();
    }
  }

  private void exitNow(int code, String why) {
    err.println(why);
    err.flush();
    // halt, not exit: no shutdown hook may hold the process up (there are none of ours to run).
    Runtime.getRuntime().halt(code);
  }

  /**
   * From now on a signal only asks for a stop (see the class comment); call it where the command
   * enters a loop that polls {@link #requested()}. Idempotent.
   */
  void graceful() {
    graceful = true;
    graceNanos = GRACE.toNanos();
  }

  /**
   * A graceful phase whose stop takes longer than {@link #GRACE}: a first signal from now on lets
   * the command run up to {@code time} more before the process ends (a second signal still ends it
   * at once); after a signal already came, its deadline moves to {@code time} from now if that is
   * later. For work that is safe to cut short (committed in transactions): a live monitor ending
   * its cycle and saving its running states.
   */
  void windDown(Duration time) {
    graceNanos = Math.max(GRACE.toNanos(), time.toNanos());
    graceful = true;
    if (requested.get()) {
      long end = System.nanoTime() + time.toNanos();
      if (end - deadline > 0) {
        deadline = end;
      }
    }
  }

  /** Whether a stop was asked for (Ctrl-C or SIGTERM), or {@link #request()} called. */
  boolean requested() {
    return requested.get();
  }

  /** The exit code the first signal asks for (130 for SIGINT, 143 for SIGTERM), 0 when none came. */
  int signalExitCode() {
    return exitCode;
  }

  /** Asks for a stop from inside the program. */
  void request() {
    if (requested.compareAndSet(false, true)) {
      wake();
    }
  }

  /**
   * Runs {@code wake} (on the signal's thread) when a stop is asked for in a graceful phase, or now
   * if one already was: for a loop that polls {@link #requested()} between waits for work, so its
   * wait ends at once instead of after its timeout. It must be quick and must not throw.
   */
  void onStop(Runnable wake) {
    onStop.add(wake);
    if (requested.get()) {
      wake.run();
    }
  }

  @Override
  public void close() {
    if (previousInt != null) {
      Signal.handle(new Signal("INT"), previousInt);
      previousInt = null;
    }
    if (previousTerm != null) {
      Signal.handle(new Signal("TERM"), previousTerm);
      previousTerm = null;
    }
  }
}
