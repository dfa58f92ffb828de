package com.anomalywatcher.sim;

import java.util.Arrays;

/**
 * The benign events of one sensor on one local day, planned from the sensor seed and the day
 * number: start, end (epoch millis) and one magnitude each, sorted by start. Plans are pure
 * functions of (seed, day), so a restarted run plans the same day again. Owned by the model that
 * planned it.
 */
final class DayPlan {
  static final DayPlan EMPTY = new DayPlan(0);

  final long[] start;
  final long[] end;
  final double[] magnitude;
  int size;

  DayPlan(int capacity) {
    start = new long[capacity];
    end = new long[capacity];
    magnitude = new double[capacity];
  }

  void add(long s, long e, double m) {
    if (size < start.length && e > s) {
      start[size] = s;
      end[size] = e;
      magnitude[size] = m;
      size++;
    }
  }

  /** Index of the event covering {@code t}, or -1. */
  int covering(long t) {
    for (int i = 0; i < size; i++) {
      if (t >= start[i] && t < end[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Sorts the events by start (insertion sort: plans hold a few dozen events at most). */
  DayPlan sorted() {
    for (int i = 1; i < size; i++) {
      for (int j = i; j > 0 && start[j - 1] > start[j]; j--) {
        swap(j, j - 1);
      }
    }
    return this;
  }

  private void swap(int a, int b) {
    long s = start[a];
    long e = end[a];
    double m = magnitude[a];
    start[a] = start[b];
    end[a] = end[b];
    magnitude[a] = magnitude[b];
    start[b] = s;
    end[b] = e;
    magnitude[b] = m;
  }

  @Override
  public String toString() {
    return "DayPlan" + Arrays.toString(Arrays.copyOf(start, size));
  }
}
