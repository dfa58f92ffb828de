package com.anomalywatcher.detect;

import java.util.Arrays;

/**
 * A sensor's last readings in time order, a fixed number of them: the window the plateau checks
 * ({@link SharpPlateauCheck}, {@link RisenPlateauCheck}) measure, positions counted from the oldest.
 * Not thread-safe; owned by its check.
 */
final class RecentReadings {
  private final double[] window;
  private final double[] sorted;
  private int head;
  private int size;
  private double change = Double.NaN;

  /**
   * @param span how many readings the window holds
   * @param sortable how many of the oldest readings {@link #sortedOldest} sorts
   */
  RecentReadings(int span, int sortable) {
    window = new double[span];
    sorted = new double[sortable];
  }

  /** Forgets every reading (after a gap: nothing across it is a change the sensor made). */
  void restart() {
    size = 0;
    head = 0;
    change = Double.NaN;
  }

  /** Adds the newest reading, dropping the oldest once the window is full. */
  void add(double reading) {
    change = size == 0 ? Double.NaN : reading - window[Math.floorMod(head - 1, window.length)];
    window[head] = reading;
    head = head + 1 == window.length ? 0 : head + 1;
    size = Math.min(size + 1, window.length);
  }

  boolean full() {
    return size == window.length;
  }

  /** The newest reading's change from the one before it; NaN right after a restart. */
  double change() {
    return change;
  }

  /** The reading {@code pos} readings after the oldest in a full window. */
  double at(int pos) {
    int i = head + pos;
    return window[i >= window.length ? i - window.length : i];
  }

  /** The lowest reading at positions {@code [from, to)}. */
  double lowest(int from, int to) {
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      lowest = Math.min(lowest, at(i));
    }
    return lowest;
  }

  /** The highest reading at positions {@code [from, to)}. */
  double highest(int from, int to) {
    double highest = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      highest = Math.max(highest, at(i));
    }
    return highest;
  }

  /**
   * The oldest readings, as many as {@code sortable} given at construction, in ascending order; the
   * array is reused by the next call.
   */
  double[] sortedOldest() {
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = at(i);
    }
    Arrays.sort(sorted);
    return sorted;
  }
}
