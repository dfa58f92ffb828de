package com.anomalywatcher.detect;

/**
 * The last {@code capacity} numbers of a stream (a ring buffer). Mutable; owned by one
 * {@link StreamingDetector} and its thread.
 */
final class StreamingDetectorWindow {
  private final double[] ring;
  private int size;
  private int next;

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
    ring[next] = value;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  int size() {
    return size;
  }

  /** The largest value held; negative infinity when empty. */
  double max() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, ring[i]);
    }
    return max;
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
}
