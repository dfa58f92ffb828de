package com.anomalywatcher.testing;

import com.anomalywatcher.monitor.AlertChange;
import com.anomalywatcher.monitor.AlertSink;
import java.util.List;

/** Alert sinks for monitor tests: one that keeps what it is given, one that drops it. */
public final class Sinks {
  private Sinks() {}

  /** A sink that appends every delivered change to {@code into} (the caller picks a thread-safe list if needed). */
  public static AlertSink collecting(List<AlertChange> into) {
    return new AlertSink() {
      @Override
      public void deliver(AlertChange change) {
        into.add(change);
      }

      @Override
      public void close() {}
    };
  }

  /** A sink that ignores what it is given. */
  public static AlertSink none() {
    return new AlertSink() {
      @Override
      public void deliver(AlertChange change) {}

      @Override
      public void close() {}
    };
  }
}
