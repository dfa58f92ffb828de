package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints one readable line per opened, escalated or resolved alert to the given writer (not closed
 * here), at the sensor's local time with its zone's name ({@code 2026-03-28 14:05:00 CET}), as the
 * explanation beside it and the run summary give it ({@code UTC} when the zone is unknown); the JSON
 * sinks keep ISO-8601 UTC for programs.
 *
 * <p>A pass's lines are printed together when it ends ({@link #passEnded}, or {@link #close}), in
 * the order of their times (equal times in the order delivered). The monitor delivers a sensor's
 * {@code offline} alert when it finds the silence: at the reading that ends it, or at the end of
 * the pass, after alerts of later times on other sensors, so a {@code monitor --once} printed an
 * {@code offline} ALERT after an ALERT of a later time. Thread-safe: a run's monitor delivers on
 * its thread while the command ends passes.
 */
public final class ConsoleSink implements AlertSink {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);
  private static final ZoneId UTC = ZoneId.of("UTC");
  private final PrintWriter out;
  private final List<Line> pass = new ArrayList<>();

  public ConsoleSink(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** A line to print and the time it shows. */
  private record Line(Instant at, String text) {}

  @Override
  public synchronized void deliver(AlertChange change) {
    AlertRow a = change.alert();
    ZoneId zone = change.zone() == null ? UTC : change.zone();
    switch (change.type()) {
      case OPENED -> pass.add(new Line(a.openedAt(), String.format(Locale.ROOT, "ALERT    %s  score %.2f  %s",
          time(a.openedAt(), zone), a.peakScore(), a.explanation())));
      case ESCALATED -> pass.add(new Line(a.lastAnomalousAt(), String.format(Locale.ROOT,
          "ESCALATE %s  severity %d  %s", time(a.lastAnomalousAt(), zone), a.severity(), a.explanation())));
      case RESOLVED -> pass.add(new Line(a.resolvedAt(), String.format(Locale.ROOT,
          "RESOLVED %s  %s after %s (peak %.2f, %s)", time(a.resolvedAt(), zone), a.sensorId(),
          Durations.readable(a.openedAt(), a.resolvedAt()), a.peakScore(), a.kind().dbName().replace('_', ' '))));
      case UPDATED -> { }
    }
  }

  /** Prints the pass's lines in time order. */
  @Override
  public synchronized void passEnded() {
    pass.sort(Comparator.comparing(Line::at)); // stable: equal times keep the order delivered
    synchronized (out) {
      for (Line l : pass) {
        out.println(l.text());
      }
      out.flush();
    }
    pass.clear();
  }

  /** Prints what a pass cut short left (a stop, a failed cycle). */
  @Override
  public void close() {
    passEnded();
  }

  /**
   * {@code at} in {@code zone} with the zone's short name, padded so the columns after it line up
   * for the common names ({@code CET}, {@code CEST}, {@code AEDT}).
   */
  private static String time(Instant at, ZoneId zone) {
    return String.format(Locale.ROOT, "%-24s", TIME.format(at.atZone(zone)));
  }
}
