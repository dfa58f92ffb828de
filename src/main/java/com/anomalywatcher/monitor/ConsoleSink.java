package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints one readable line per opened, escalated or resolved alert to the given writer (not closed
 * here), at the sensor's local time with its zone's name ({@code 2026-03-28 14:05:00 CET}), as the
 * explanation beside it and the run summary give it ({@code UTC} when the zone is unknown); the JSON
 * sinks keep ISO-8601 UTC for programs.
 */
public final class ConsoleSink implements AlertSink {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);
  private static final ZoneId UTC = ZoneId.of("UTC");
  private final PrintWriter out;

  public ConsoleSink(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void deliver(AlertChange change) {
    AlertRow a = change.alert();
    ZoneId zone = change.zone() == null ? UTC : change.zone();
    switch (change.type()) {
      case OPENED -> out.printf(Locale.ROOT, "ALERT    %s  score %.2f  %s%n", time(a.openedAt(), zone), a.peakScore(),
          a.explanation());
      case ESCALATED -> out.printf(Locale.ROOT, "ESCALATE %s  severity %d  %s%n", time(a.lastAnomalousAt(), zone),
          a.severity(), a.explanation());
      case RESOLVED -> out.printf(Locale.ROOT, "RESOLVED %s  %s after %s (peak %.2f, %s)%n", time(a.resolvedAt(), zone),
          a.sensorId(), Durations.readable(a.openedAt(), a.resolvedAt()), a.peakScore(),
          a.kind().dbName().replace('_', ' '));
      case UPDATED -> { }
    }
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
  }

  /**
   * {@code at} in {@code zone} with the zone's short name, padded so the columns after it line up
   * for the common names ({@code CET}, {@code CEST}, {@code AEDT}).
   */
  private static String time(Instant at, ZoneId zone) {
    return String.format(Locale.ROOT, "%-24s", TIME.format(at.atZone(zone)));
  }
}
