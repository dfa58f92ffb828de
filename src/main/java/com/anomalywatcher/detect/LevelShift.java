package com.anomalywatcher.detect;

import java.util.Arrays;

/**
 * A level shift that the last {@code held} readings all hold, judged against a robust baseline of
 * the {@value #BEFORE} readings before them: their median, and the line through them (through the
 * medians of their two halves), so that a ramp the sensor was already on is followed. The shift is
 * the smallest distance of the held readings from both, and 0 unless all of them lie on the same
 * side of both and move among themselves by at most {@code flatness} times that distance. So a
 * single-reading glitch (which a median ignores and which does not hold) never makes one, nor does
 * a steady ramp (which the line follows), a door opening recovering, a burst still growing or a fan
 * changing speed (which keep moving while they are measured). Also remembers the last
 * {@value #LOOKBACK} readings to recognise a return to a level held before. Not thread-safe; owned
 * by its {@link StepCheck}.
 */
final class LevelShift {
  /** Readings before the held ones that give the baseline: a door opening's dip is shorter than half. */
  static final int BEFORE = 20;
  /** Readings remembered to recognise a return to the level held before an excursion (two hours). */
  static final int LOOKBACK = 120;
  /** Consecutive earlier readings near a level that make it one the sensor held. */
  static final int RETURN_READINGS = 5;

  private final int held;
  private final double flatness;
  private final int span;
  private final double[] window;
  private final double[] sorted = new double[BEFORE];
  private final double[] part = new double[BEFORE / 2];
  private final double[] older = new double[LOOKBACK];
  private int head;
  private int size;
  private int olderHead;
  private int olderSize;
  private double baseline = Double.NaN;

  /**
   * @param held readings that must all hold the shift: it is known {@code held - 1} readings after its onset
   * @param flatness how far the held readings may move among themselves, as a fraction of the shift
   */
  LevelShift(int held, double flatness) {
    if (held < 2 || !(flatness > 0)) {
      throw new IllegalArgumentException("a level shift needs >= 2 held readings and flatness > 0, got " + held
          + " and " + flatness);
    }
    this.held = held;
    this.flatness = flatness;
    this.span = held + BEFORE;
    this.window = new double[span];
  }

  /** Forgets the readings (after a gap: a shift across it is no step the sensor made). */
  void restart() {
    size = 0;
    head = 0;
    olderSize = 0;
    baseline = Double.NaN;
  }

  /**
   * Adds a reading and returns the signed shift the last {@code held} readings hold: 0 when they do
   * not hold one, or while fewer than {@code held} + {@value #BEFORE} readings have been seen since
   * the start or a gap.
   */
  double observe(double value) {
    older[olderHead] = value;
    olderHead = (olderHead + 1) % LOOKBACK;
    olderSize = Math.min(olderSize + 1, LOOKBACK);
    window[head] = value;
    head = (head + 1) % span;
    size = Math.min(size + 1, span);
    if (size < span) {
      baseline = Double.NaN;
      return 0;
    }
    // window[head] is now the oldest reading
    int half = BEFORE / 2;
    double slope = (median(half) - median(0)) / half;
    for (int i = 0; i < BEFORE; i++) {
      sorted[i] = window[(head + i) % span];
    }
    Arrays.sort(sorted);
    double level = (sorted[half - 1] + sorted[half]) / 2;
    baseline = level;
    return heldShift(level, slope);
  }

  private double heldShift(double level, double slope) {
    double nearest = Double.POSITIVE_INFINITY;
    double side = 0;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < held; i++) {
      double v = window[(head + BEFORE + i) % span];
      double flat = v - level;
      double line = v - (level + slope * (BEFORE + i - (BEFORE - 1) / 2.0));
      double s = Math.signum(flat);
      if (s == 0 || Math.signum(line) != s || (side != 0 && s != side)) {
        return 0;
      }
      side = s;
      nearest = Math.min(nearest, Math.min(Math.abs(flat), Math.abs(line)));
      lowest = Math.min(lowest, v);
      highest = Math.max(highest, v);
    }
    return highest - lowest > flatness * nearest ? 0 : side * nearest;
  }

  /** The median of the baseline readings, as of the last {@link #observe}; NaN while there is none. */
  double baseline() {
    return baseline;
  }

  /**
   * Whether {@code value} is back at a level the sensor held before the baseline readings: at
   * least {@value #RETURN_READINGS} consecutive readings among the last {@value #LOOKBACK} (older
   * than the baseline) within {@code tol} of it. A shift back there ends an excursion (a step, a
   * burst, a frozen stretch), whichever check saw it begin; it starts none.
   */
  boolean isReturn(double value, double tol) {
    int run = 0;
    for (int m = span + 1; m <= olderSize; m++) {
      double v = older[Math.floorMod(olderHead - m, LOOKBACK)];
      run = Math.abs(v - value) <= tol ? run + 1 : 0;
      if (run >= RETURN_READINGS) {
        return true;
      }
    }
    return false;
  }

  /** The median of the half of the baseline readings that starts {@code from} readings after the oldest. */
  private double median(int from) {
    int n = part.length;
    for (int i = 0; i < n; i++) {
      part[i] = window[(head + from + i) % span];
    }
    Arrays.sort(part);
    return n % 2 == 1 ? part[n / 2] : (part[n / 2 - 1] + part[n / 2]) / 2;
  }
}
