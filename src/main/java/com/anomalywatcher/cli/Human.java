package com.anomalywatcher.cli;

import com.anomalywatcher.metrics.Counts;
import com.anomalywatcher.monitor.Durations;
import com.anomalywatcher.monitor.Units;
import java.time.Duration;
import java.util.Locale;

/** How the commands write numbers for people: counts with their noun, sizes, durations, units. */
final class Human {
  private Human() {}

  /** {@code 1 anomaly episode}, {@code 3 anomaly episodes}: the noun agrees with the count. */
  static String count(long n, String singular) {
    return Counts.count(n, singular);
  }

  /** {@code 1 anomaly}, {@code 2 anomalies}, with digit grouping ({@code 12,345}). */
  static String count(long n, String singular, String plural) {
    return Counts.count(n, singular, plural);
  }

  /** A rate as a whole number with digit grouping ({@code 7,890}), as the counts beside it. */
  static String rate(double perSecond) {
    return Counts.rate(perSecond);
  }

  /** Bytes in B, kB, MB or GB (powers of 1000, one decimal above a kilobyte). */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    do {
      v /= 1000;
      u++;
    } while (v >= 1000 && u < units.length - 1);
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 1 h 30 min}, never ISO-8601. */
  static String duration(Duration d) {
    return Durations.human(d);
  }

  /**
   * A duration the user gave, for an error message about it: {@code 0} rather than {@code 0 s} when it
   * was zero, since a bare {@code --days 0} or {@code --hours 0} was no number of seconds.
   */
  static String given(Duration d) {
    return d.isZero() ? "0" : duration(d);
  }

  /**
   * A unit as a person reads it: the stored {@code PM} of particulate-matter sensors is micrograms
   * per cubic metre ({@code 27.90 PM} reads like a time of day); other units as stored.
   */
  static String unit(String stored) {
    return Units.shown(stored);
  }

  /** A value with its unit: {@code 27.90 µg/m³}, {@code 181.3 °C}; digital values as {@code 1 (on)}. */
  static String value(double value, String unit, boolean digital) {
    if (digital) {
      return value >= 0.5 ? "1 (on)" : "0 (off)";
    }
    String u = unit(unit);
    return String.format(Locale.ROOT, "%.2f", value) + (u.isEmpty() ? "" : " " + u);
  }
}
