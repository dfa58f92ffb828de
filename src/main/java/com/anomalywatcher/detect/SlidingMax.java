package com.anomalywatcher.detect;

/**
 * The largest of the last {@code size} values added, in amortised constant time per value: a queue of
 * the values that can still be the largest, falling from the oldest. Ordered as {@link Double#compare}
 * (NaN above all, 0.0 above -0.0), so that it is exactly the value a {@link Math#max} over the same
 * values gives. Not thread-safe; owned by its user.
 */
final class SlidingMax {
  private final int size;
  private final double[] values;
  private final long[] added;
  private int head;
  private int length;
  private long count;

  /** @param size how many of the newest values it is the largest of, at least 1 */
  SlidingMax(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a sliding maximum needs size >= 1, got " + size);
    }
    this.size = size;
    values = new double[size];
    added = new long[size];
  }

  /** Adds the newest value; the one added {@code size} values ago leaves. */
  void add(double value) {
    if (length > 0 && added[head] <= count - size) {
      head = next(head);
      length--;
    }
    while (length > 0 && Double.compare(values[last()], value) <= 0) {
      length--;
    }
    int at = head + length < size ? head + length : head + length - size;
    values[at] = value;
    added[at] = count;
    length++;
    count++;
  }

  /** The largest of the last {@code size} values added (of all, while fewer); NaN before the first. */
  double max() {
    return length == 0 ? Double.NaN : values[head];
  }

  private int last() {
    int at = head + length - 1;
    return at < size ? at : at - size;
  }

  private int next(int at) {
    return at + 1 < size ? at + 1 : 0;
  }
}
