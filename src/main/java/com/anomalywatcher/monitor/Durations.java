package com.anomalywatcher.monitor;

import java.time.Duration;
import java.time.Instant;

/** Short human durations such as {@code 2h05m}, {@code 14m} or {@code 40s}. */
final class Durations {
  private Durations() {}

  static String readable(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    if (d.toHours() > 0) {
      return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
