package com.anomalywatcher.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a stop request a loop can poll, so a long-running command
 * stores what it has and exits 0 instead of dying mid-write. {@link #close()} restores the
 * previous handlers.
 */
final class StopSignal implements AutoCloseable {
  private final AtomicBoolean requested = new AtomicBoolean();
  private SignalHandler previousInt;
  private SignalHandler previousTerm;

  private StopSignal() {}

  /** Installs the handlers. */
  static StopSignal onInterrupt() {
    StopSignal s = new StopSignal();
    SignalHandler handler = sig -> s.requested.set(true);
    s.previousInt = Signal.handle(new Signal("INT"), handler);
    s.previousTerm = Signal.handle(new Signal("TERM"), handler);
    return s;
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
