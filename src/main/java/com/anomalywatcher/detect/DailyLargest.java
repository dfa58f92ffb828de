package com.anomalywatcher.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * The largest value each training day (a day number, such as UTC days since the epoch) saw, for a
 * bound learned as the second largest of them: one day's odd event does not set it, two days' do.
 * Holds nothing until the first value. Not thread-safe; owned by its check.
 */
final class DailyLargest {
  private Map<Long, Double> largest;

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

  /** Forgets every day. */
  void clear() {
    largest = null;
  }
}
