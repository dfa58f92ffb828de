package com.anomalywatcher.detect;

/**
 * A sensor's last readings, counted back from the newest, with the times of the newest few: the
 * memory the drift-end checks ({@link DriftEndCheck}, {@link SensorDriftFalls}) judge a step and
 * the slow way to it on. Values are kept {@code capacity} readings back, times only
 * {@code timeCapacity} back (as far as a check of lost readings looks). Not saved with a model.
 * Not thread-safe; owned by its check.
 */
final class ReadingRing {
  private final double[] values;
  private final long[] millis;
  private int head;
  private int timeHead;
  private int size;

  /**
   * @param capacity how many readings' values it keeps (at least 1)
   * @param timeCapacity how many readings' times it keeps (at least 1)
   */
  ReadingRing(int capacity, int timeCapacity) {
    if (capacity < 1 || timeCapacity < 1) {
      throw new IllegalArgumentException(
          "capacity and timeCapacity must be >= 1, got " + capacity + " and " + timeCapacity);
    }
    values = new double[capacity];
    millis = new long[timeCapacity];
  }

  /** Adds the newest reading, dropping the oldest once full. */
  void push(long atMillis, double value) {
    head = (head + 1) % values.length;
    values[head] = value;
    timeHead = (timeHead + 1) % millis.length;
    millis[timeHead] = atMillis;
    size = Math.min(size + 1, values.length);
  }

  /** The reading {@code k} back (0: the newest; {@code k} below the capacity). */
  double back(int k) {
    return values[Math.floorMod(head - k, values.length)];
  }

  /** How many readings it holds, at most its capacity. */
  int size() {
    return size;
  }

  boolean isFull() {
    return size == values.length;
  }

  /** Milliseconds from the reading {@code k} back to the newest ({@code k} below the time capacity). */
  long millisSince(int k) {
    return millis[timeHead] - millis[Math.floorMod(timeHead - k, millis.length)];
  }

  /** How long {@code readings} readings {@code intervalSeconds} apart last, as "2 h 5 min" or "45 min". */
  static String duration(int readings, double intervalSeconds) {
    long minutes = Math.round(readings * intervalSeconds / 60);
    return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
  }
}
