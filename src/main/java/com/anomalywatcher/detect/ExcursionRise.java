package com.anomalywatcher.detect;

import java.util.Arrays;

/**
 * How an upward excursion of a sensor's readings rose, reading by reading: at each reading that is a
 * new high of the excursion under way, its height above the baseline (the median of the
 * {@value #BASELINE} readings before the last {@value #SKIPPED}) and its rise, in readings: from the
 * last reading within a quarter of that height of the baseline to the first at three quarters of it.
 * A cooking burst builds up over a few readings, a fault's jump in one, a dust storm's front over ten.
 * Readings that fall (a decay) are no rise and measure nothing. An excursion's peak is its last new
 * high once {@value #SETTLE} readings have passed without another; it was held when at least
 * {@value #HELD_AFTER} of them stayed above half its height (a burst's top, a fault's plateau; not a
 * one-reading glitch). Used by {@link BurstLookAlike}, in training and live alike. Not thread-safe;
 * owned by its check.
 */
final class ExcursionRise {
  static final int BASELINE = 20;
  static final int SKIPPED = 3;
  /** Readings remembered: the baseline's, the skipped ones, and up to this many more of the rise. */
  static final int SPAN = 48;
  /** Readings without a new high after which the last one is the excursion's peak. */
  static final int SETTLE = 5;
  /** Readings of those that must stay above half the peak's height for it to have been held. */
  static final int HELD_AFTER = 2;

  private final float[] window = new float[SPAN];
  private final float[] scratch = new float[BASELINE];
  private int head;
  private int size;
  private float height = Float.NaN;
  private int rise;
  /** Readings since the last new high (a large number before any). */
  private int sinceHigh = Integer.MAX_VALUE / 2;
  /** The baseline the last new high was measured from. */
  private double highBaseline = Double.NaN;
  /** Readings after the last new high that stayed above half its height. */
  private int heldAfter;
  /** Whether every reading since the last new high was lower than the one before it. */
  private boolean fallingSinceHigh;

  /** Forgets the readings (after a gap: nothing across it is a rise the sensor made). */
  void restart() {
    size = 0;
    head = 0;
    height = Float.NaN;
    sinceHigh = Integer.MAX_VALUE / 2;
    highBaseline = Double.NaN;
    heldAfter = 0;
    fallingSinceHigh = false;
  }

  /**
   * Adds the newest reading; true when it is a new high of an upward excursion ({@link #height} and
   * {@link #rise} then describe it).
   */
  boolean observe(double value) {
    window[head] = (float) value;
    head = head + 1 == SPAN ? 0 : head + 1;
    size = Math.min(size + 1, SPAN);
    sinceHigh = Math.min(sinceHigh + 1, Integer.MAX_VALUE / 2);
    if (sinceHigh <= SETTLE && value >= highBaseline + height / 2.0) {
      heldAfter++;
    }
    fallingSinceHigh &= size > 1 && back(1) > value;
    if (size <= BASELINE + SKIPPED || back(1) >= back(0)) {
      // no higher than the reading before: whatever the baseline, no new high (and no sort for half the readings)
      return false;
    }
    for (int i = 0; i < BASELINE; i++) {
      scratch[i] = back(SKIPPED + 1 + i);
    }
    Arrays.sort(scratch);
    double baseline = (scratch[BASELINE / 2 - 1] + scratch[BASELINE / 2]) / 2.0;
    float x = back(0);
    double h = x - baseline;
    if (!(h > 0)) {
      return false;
    }
    int start = -1;
    for (int lag = 1; lag < size; lag++) {
      float v = back(lag);
      if (v >= x) {
        return false; // not a new high: an earlier reading of this excursion was as high
      }
      if (v - baseline <= h / 4) {
        start = lag;
        break;
      }
    }
    if (start < 0) {
      start = size - 1; // rose over every reading remembered: the slowest rise there is
    }
    int reached = 0;
    for (int lag = start - 1; lag >= 0; lag--) {
      if (back(lag) - baseline >= 0.75 * h) {
        reached = lag;
        break;
      }
    }
    height = (float) h;
    rise = start - reached;
    sinceHigh = 0;
    highBaseline = baseline;
    heldAfter = 0;
    fallingSinceHigh = true;
    return true;
  }

  /**
   * Whether the newest reading settles a held peak: the {@value #SETTLE}th reading without a new
   * high after one that {@value #HELD_AFTER} of them stayed above half of ({@link #height} and
   * {@link #rise} then describe the peak).
   */
  boolean settlesHeldPeak() {
    return sinceHigh == SETTLE && heldAfter >= HELD_AFTER;
  }

  /** The last new high's height above its baseline; NaN before any. */
  float height() {
    return height;
  }

  /** The last new high's rise, in readings (1 for a jump). */
  int rise() {
    return rise;
  }

  /** The baseline the last new high was measured from: the level the excursion rose from; NaN before any. */
  double highBaseline() {
    return highBaseline;
  }

  /** Readings since the last new high (0: the newest reading is one). */
  int sinceHigh() {
    return sinceHigh;
  }

  /**
   * Whether the excursion is decaying from its last new high: at least {@code readings} readings
   * have passed since it, each lower than the one before.
   */
  boolean decaysFromHigh(int readings) {
    return fallingSinceHigh && sinceHigh >= readings;
  }

  /** The reading {@code lag} readings before the newest (0: the newest). */
  private float back(int lag) {
    return window[Math.floorMod(head - 1 - lag, SPAN)];
  }
}
