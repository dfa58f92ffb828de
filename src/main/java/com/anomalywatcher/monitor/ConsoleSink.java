package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/** Prints one readable line per opened, escalated or resolved alert to the given writer (not closed here). */
public final class ConsoleSink implements AlertSink {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private final PrintWriter out;

  public ConsoleSink(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void deliver(AlertChange change) {
    AlertRow a = change.alert();
    if (change.type() == AlertChange.Type.OPENED) {
      out.printf(Locale.ROOT, "ALERT    %s  score %.2f  %s%n", TIME.format(a.openedAt()), a.peakScore(),
          a.explanation());
    } else if (change.type() == AlertChange.Type.ESCALATED) {
      out.printf(Locale.ROOT, "ESCALATE %s  severity %d  %s%n", TIME.format(a.lastAnomalousAt()), a.severity(),
          a.explanation());
    } else if (change.type() == AlertChange.Type.RESOLVED) {
      out.printf(Locale.ROOT, "RESOLVED %s  %s after %s (peak %.2f, %s)%n", TIME.format(a.resolvedAt()),
          a.sensorId(), Durations.readable(a.openedAt(), a.resolvedAt()), a.peakScore(),
          a.kind().dbName().replace('_', ' '));
    }
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }
}
