package com.anomalywatcher.monitor;

import java.util.ArrayList;
import java.util.List;

/** Delivers to several sinks in order; closes them all (each once) when closed. */
public final class AlertSinks implements AlertSink {
  private final List<AlertSink> sinks;

  /** Takes ownership of the sinks. */
  public AlertSinks(List<AlertSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void deliver(AlertChange change) {
    for (AlertSink s : sinks) {
      s.deliver(change);
    }
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (AlertSink s : sinks) {
      try {
        s.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
