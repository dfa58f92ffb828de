package com.anomalywatcher.detect;

import java.util.Arrays;

/**
 * A fixed-length sliding window of numbers with O(1) mean and standard deviation. Mutable; owned
 * by one {@link StreamingDetector} and its thread.
 */
final class StreamingDetectorWindow {
  private final double[] ring;
  private int size;
  private int next;
  private double sum;
  private double sumSquares;

  StreamingDetectorWindow(int capacity) {
    ring = new double[capacity];
  }

  /** A window holding {@code values} (oldest first; only the newest {@code capacity} are kept). */
  static StreamingDetectorWindow of(int capacity, double[] values) {
    StreamingDetectorWindow w = new StreamingDetectorWindow(capacity);
    for (double v : values) {
      w.add(v);
    }
    return w;
  }

  void add(double value) {
    if (size == ring.length) {
      double old = ring[next];
      sum -= old;
      sumSquares -= old * old;
    } else {
      size++;
    }
    ring[next] = value;
    sum += value;
    sumSquares += value * value;
    next = (next + 1) % ring.length;
    if (next == 0) {
      resum(); // bound floating-point drift of the running sums
    }
  }

  private void resum() {
    sum = 0;
    sumSquares = 0;
    for (int i = 0; i < size; i++) {
      sum += ring[i];
      sumSquares += ring[i] * ring[i];
    }
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == ring.length;
  }

  double mean() {
    return size == 0 ? 0.0 : sum / size;
  }

  double standardDeviation() {
    if (size < 2) {
      return 0.0;
    }
    double m = mean();
    return Math.sqrt(Math.max(0.0, sumSquares / size - m * m));
  }

  /** The value the next {@link #add} pushes out of a full window; 0 when not full. */
  double oldest() {
    return size == ring.length ? ring[next] : 0.0;
  }

  double sum() {
    return sum;
  }

  /** The newest value; 0 when empty. */
  double last() {
    return size == 0 ? 0.0 : ring[(next - 1 + ring.length) % ring.length];
  }

  /** Contents, oldest first. */
  double[] toArray() {
    double[] out = new double[size];
    int start = size == ring.length ? next : 0;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return out;
  }

  double max() {
    return size == 0 ? 0.0 : Arrays.stream(ring, 0, size).max().orElse(0.0);
  }
}
