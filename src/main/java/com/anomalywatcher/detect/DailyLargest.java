package com.anomalywatcher.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * The largest value each training day (a day number, such as UTC days since the epoch) saw, for a
 * bound learned from them: the second largest (one day's odd event does not set it, two days' do) or
 * the median (a typical day). Holds nothing until the first value. Not thread-safe; owned by its check.
 */
final class DailyLargest {
  private Map<Long, Double> largest;

  /** The days and their largest values, in matching order, as {@link #days()} and {@link #values()} gave them. */
  static DailyLargest of(long[] days, double[] values) {
    if (days.length != values.length) {
      throw new IllegalArgumentException("days and values must be as many, got " + days.length + " and "
          + values.length);
    }
    DailyLargest d = new DailyLargest();
    for (int i = 0; i < days.length; i++) {
      d.add(days[i], values[i]);
    }
    return d;
  }

  /** Notes {@code value} on {@code day}. */
  void add(long day, double value) {
    largest = largest == null ? new HashMap<>() : largest;
    largest.merge(day, value, Math::max);
  }

  /** The second largest of the days' largest values, never below {@code least}. */
  double secondLargest(double least) {
    double first = least;
    double second = least;
    if (largest != null) {
      for (double v : largest.values()) {
        if (v > first) {
          second = first;
          first = v;
        } else if (v > second) {
          second = v;
        }
      }
    }
    return second;
  }

  /** The median of the days' largest values, NaN when no day was noted. */
  double median() {
    return largest == null ? Double.NaN
        : Robust.median(largest.values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  boolean isEmpty() {
    return largest == null;
  }

  /** The days noted, in the order of {@link #values()}. */
  long[] days() {
    return largest == null ? new long[0] : largest.keySet().stream().mapToLong(Long::longValue).toArray();
  }

  /** Each noted day's largest value, in the order of {@link #days()}. */
  double[] values() {
    return largest == null ? new double[0] : largest.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Forgets every day. */
  void clear() {
    largest = null;
  }
}
