package com.anomalywatcher.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a long-running command: every phase stops within a second.
 *
 * <p>Outside a graceful phase (setup: opening the database, building the fleet, restoring state,
 * loading models, a scoring cycle) a signal ends the process at once with exit code 130 (SIGINT) or
 * 143 (SIGTERM), as the JVM would: everything these phases write is in database transactions or
 * written to a temporary file and renamed, so an interrupted one leaves nothing half-done. Inside a
 * graceful phase ({@link #graceful()}: a loop that polls {@link #requested()} at least every few
 * hundred milliseconds) a signal only asks for a stop, so the loop can store what it holds and exit
 * 0; should it still run {@link #GRACE} later, or a second signal come, the process ends at once.
 * {@link #close()} restores the previous handlers.
 */
final class StopSignal implements AutoCloseable {
  /** How long a graceful phase has to wind down after a signal. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final AtomicBoolean requested = new AtomicBoolean();
  private final PrintStream err;
  private volatile boolean graceful;
  /** Until when ({@link System#nanoTime()}) a wind-down may run after a first signal; see {@link #windDown}. */
  private volatile long windDownEnds;
  private volatile boolean windingDown;
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
    if (!graceful || !first) {
      exitNow(code, "interrupted (SIG" + signal.getName() + ")");
      return;
    }
    long graceEnds = System.nanoTime() + GRACE.toNanos();
    Thread watchdog = new Thread(() -> {
      try {
        for (long left = remaining(graceEnds); left > 0; left = remaining(graceEnds)) {
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
  }

  /** Nanoseconds left before the watchdog ends the process: after the grace, or a wind-down if later. */
  private long remaining(long graceEnds) {
    long now = System.nanoTime();
    long left = graceEnds - now;
    return windingDown ? Math.max(left, windDownEnds - now) : left;
  }

  /**
   * The command stops and now stores what it holds (a live monitor's running states): a first
   * signal, before or during this, lets it run up to {@code time} from now before the process ends
   * (instead of {@link #GRACE}); a second signal still ends it at once. Call it after the loop, for
   * work that is safe to cut short (committed in transactions).
   */
  void windDown(Duration time) {
    windDownEnds = System.nanoTime() + time.toNanos();
    windingDown = true;
    graceful = true;
  }

  /** Back to stopping at once: the command enters work that does not poll (a scoring cycle). Idempotent. */
  void atOnce() {
    graceful = false;
  }

  /** Whether a stop was asked for (Ctrl-C or SIGTERM), or {@link #request()} called. */
  boolean requested() {
    return requested.get();
  }

  /** Asks for a stop from inside the program. */
  void request() {
    requested.set(true);
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
