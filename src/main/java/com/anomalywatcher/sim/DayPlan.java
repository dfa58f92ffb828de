package com.anomalywatcher.sim;

/**
 * The benign events of one sensor on one local day, planned from the sensor seed and the day
 * number: start, end (epoch millis) and one magnitude each, in planning order. Plans are pure
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
}
