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
  /** Moves back towards the level left, in a row at the end of the held readings, that make a decay. */
  static final int DECAY_MOVES = 2;
  /** The share of its farthest reach a decaying shift has given up by its newest reading. */
  static final double DECAY_FRACTION = 0.25;

  private final int held;
  private final double flatness;
  private final int span;
  private final double[] window;
  /** The baseline readings sorted, and its older and newer half sorted: kept up to date per reading. */
  private final double[] sorted = new double[BEFORE];
  private final double[] olderHalf = new double[BEFORE / 2];
  private final double[] newerHalf = new double[BEFORE / 2];
  private final double[] older = new double[LOOKBACK];
  private int head;
  private int size;
  private int olderHead;
  private int olderSize;
  private double baseline = Double.NaN;
  private boolean ramp;
  private boolean decaying;

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
    olderHead = olderHead + 1 == LOOKBACK ? 0 : olderHead + 1;
    olderSize = Math.min(olderSize + 1, LOOKBACK);
    int half = BEFORE / 2;
    if (size == span) {
      // the oldest reading leaves the baseline, the middle one moves to its older half, the first
      // held one joins it
      double leaving = window[head];
      double moving = at(half);
      double joining = at(BEFORE);
      replace(sorted, leaving, joining);
      replace(olderHalf, leaving, moving);
      replace(newerHalf, moving, joining);
    }
    window[head] = value;
    head = head + 1 == span ? 0 : head + 1;
    if (size < span) {
      size++;
      if (size < span) {
        baseline = Double.NaN;
        return 0;
      }
      sortBaseline(); // window[head] is now the oldest reading
    }
    double slope = (median(newerHalf) - median(olderHalf)) / half;
    double level = median(sorted);
    baseline = level;
    return heldShift(level, slope);
  }

  private void sortBaseline() {
    int half = BEFORE / 2;
    for (int i = 0; i < BEFORE; i++) {
      double v = at(i);
      sorted[i] = v;
      (i < half ? olderHalf : newerHalf)[i < half ? i : i - half] = v;
    }
    Arrays.sort(sorted);
    Arrays.sort(olderHalf);
    Arrays.sort(newerHalf);
  }

  /**
   * Replaces one occurrence of {@code out} in the sorted array by {@code in}, keeping it sorted (as
   * {@link java.util.Arrays#sort(double[])} would, for values that are not NaN); {@code out} must be
   * in it. Also keeps {@link SwingCheck}'s calm steps.
   */
  static void replace(double[] a, double out, double in) {
    int i = 0;
    while (i < a.length - 1 && Double.compare(a[i], out) != 0) {
      i++;
    }
    while (i > 0 && a[i - 1] > in) {
      a[i] = a[i - 1];
      i--;
    }
    while (i < a.length - 1 && a[i + 1] < in) {
      a[i] = a[i + 1];
      i++;
    }
    a[i] = in;
  }

  /** The reading {@code pos} readings after the oldest in the window. */
  private double at(int pos) {
    int i = head + pos;
    return window[i >= span ? i - span : i];
  }

  private static double median(double[] a) {
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  private double heldShift(double level, double slope) {
    double nearest = Double.POSITIVE_INFINITY;
    double side = 0;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    boolean movingAway = true;
    int comingBack = 0;
    double previous = Double.NaN;
    double farthest = 0;
    for (int i = 0; i < held; i++) {
      double v = at(BEFORE + i);
      double flat = v - level;
      double line = v - (level + slope * (BEFORE + i - (BEFORE - 1) / 2.0));
      double s = Math.signum(flat);
      if (s == 0 || Math.signum(line) != s || (side != 0 && s != side)) {
        return 0;
      }
      side = s;
      movingAway &= Double.isNaN(previous) || (v - previous) * s > 0;
      comingBack = !Double.isNaN(previous) && (v - previous) * s < 0 ? comingBack + 1 : 0;
      previous = v;
      farthest = Math.max(farthest, Math.abs(flat));
      nearest = Math.min(nearest, Math.min(Math.abs(flat), Math.abs(line)));
      lowest = Math.min(lowest, v);
      highest = Math.max(highest, v);
    }
    ramp = movingAway;
    decaying = comingBack >= DECAY_MOVES && Math.abs(previous - level) <= (1 - DECAY_FRACTION) * farthest;
    return highest - lowest > flatness * nearest ? 0 : side * nearest;
  }

  /**
   * Whether the held readings of the last shift each moved further away than the one before: a
   * ramp under way (a thermal mass heating towards a new setpoint) rather than a held level.
   */
  boolean isRamp() {
    return ramp;
  }

  /**
   * Whether the held readings of the last shift are on their way back: the last {@value
   * #DECAY_MOVES} each came nearer the level left than the one before, and the newest has given up
   * at least {@value #DECAY_FRACTION} of the farthest reach. A plume of dust or smoke decaying after
   * its peak, rather than a level that holds.
   */
  boolean isDecaying() {
    return decaying;
  }

  /** How far the baseline readings spread (highest minus lowest); NaN while there is no baseline. */
  double baselineSpread() {
    return Double.isNaN(baseline) ? Double.NaN : sorted[BEFORE - 1] - sorted[0];
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

  /**
   * The interquartile range of the baseline readings, as of the last {@link #observe}: how unsettled
   * the level was that a shift left (a burst decaying through it makes it wide, a lone glitch does
   * not); NaN while there is none.
   */
  double baselineQuartileRange() {
    return Double.isNaN(baseline) ? Double.NaN : sorted[3 * BEFORE / 4] - sorted[BEFORE / 4];
  }
}
