package com.anomalywatcher.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Durations as people write them: {@code 1 h 30 min}, {@code 45 s}, {@code 2 d 3 h},
 * {@code 250 ms}; never ISO-8601 ({@code PT1H30M}). The one formatter every command uses.
 */
public final class Durations {
  private Durations() {}

  /** The time from {@code from} to {@code to}, human. */
  public static String readable(Instant from, Instant to) {
    return human(Duration.between(from, to));
  }

  /**
   * {@code d} in days, hours, minutes and seconds, largest first, zero parts left out; under one
   * second in milliseconds. Negative durations get a leading minus.
   */
  public static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    if (d.isZero()) {
      return "0 s";
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + " ms";
    }
    List<String> parts = new ArrayList<>(4);
    add(parts, d.toDaysPart(), "d");
    add(parts, d.toHoursPart(), "h");
    add(parts, d.toMinutesPart(), "min");
    long seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (millis != 0 && d.compareTo(Duration.ofMinutes(1)) < 0) {
      parts.add(String.format(java.util.Locale.ROOT, "%.1f s", seconds + millis / 1000.0));
    } else {
      add(parts, seconds, "s");
    }
    return String.join(" ", parts);
  }

  private static void add(List<String> parts, long amount, String unit) {
    if (amount != 0) {
      parts.add(amount + " " + unit);
    }
  }
}
