package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How large a one-step prediction residual normally gets, by time of day: the largest absolute
 * residual seen in each 10-minute slot of the (UTC) day, and over the whole day. The tolerance at a
 * time is the largest of its slot and the two slots on either side (schedule edges jitter from day
 * to day by up to ±20 minutes), or the all-day largest while a slot has seen too few readings. Not thread-safe.
 */
final class ToleranceProfile {
  static final int SLOTS = 144;
  static final int MIN_SLOT_COUNT = 20;
  /** Slots on each side that share a slot's tolerance: schedule edges move by up to ±20 min a day. */
  static final int NEIGHBOUR_SLOTS = 2;
  /**
   * Slots on each side a heating or cooling ramp may come from: the edges of two days differ by up
   * to twice their jitter (30 min at opening, 40 min at closing), plus the slot width.
   */
  static final int RAMP_NEIGHBOUR_SLOTS = 4;

  /** Log-spaced histogram of all residuals: bin i holds [10^(i/20 - 3), 10^((i+1)/20 - 3)). */
  static final int BINS = 180;
  /** Quantile of all residuals whose 1.3-fold is the least tolerance at any time of day. */
  static final double TYPICAL_QUANTILE = 0.995;

  private final float[] slotMax;
  private final float[] slotMaxDown;
  private final int[] slotCount;
  private final long[] histogram;
  private float allMax;
  private long count;

  ToleranceProfile() {
    this(new float[SLOTS], new float[SLOTS], new int[SLOTS], new long[BINS], 0, 0);
  }

  private ToleranceProfile(float[] slotMax, float[] slotMaxDown, int[] slotCount, long[] histogram, float allMax,
      long count) {
    this.slotMax = slotMax;
    this.slotMaxDown = slotMaxDown;
    this.slotCount = slotCount;
    this.histogram = histogram;
    this.allMax = allMax;
    this.count = count;
  }

  /** Saved form. */
  record State(float[] slotMax, float[] slotMaxDown, int[] slotCount, long[] histogram, float allMax, long count) {
    State {
      if (slotMax.length != SLOTS || slotMaxDown.length != SLOTS || slotCount.length != SLOTS
          || histogram.length != BINS) {
        throw new IllegalArgumentException("tolerance profile needs " + SLOTS + " slots and " + BINS
            + " bins, got " + slotMax.length + " and " + histogram.length);
      }
      slotMax = slotMax.clone();
      slotMaxDown = slotMaxDown.clone();
      slotCount = slotCount.clone();
      histogram = histogram.clone();
    }
  }

  static ToleranceProfile restore(State s) {
    return new ToleranceProfile(s.slotMax().clone(), s.slotMaxDown().clone(), s.slotCount().clone(),
        s.histogram().clone(),
        s.allMax(), s.count());
  }

  State state() {
    return new State(slotMax, slotMaxDown, slotCount, histogram, allMax, count);
  }

  private static int binOf(double r) {
    if (r <= 1e-3) {
      return 0;
    }
    return (int) Math.min(BINS - 1, Math.max(0, Math.floor((Math.log10(r) + 3) * 20)));
  }

  /** Upper edge of the bin holding the given quantile of all residuals. */
  double quantile(double q) {
    if (count == 0) {
      return 0;
    }
    long need = (long) Math.ceil(q * count);
    long seenSoFar = 0;
    for (int i = 0; i < BINS; i++) {
      seenSoFar += histogram[i];
      if (seenSoFar >= need) {
        return Math.min(allMax, Math.pow(10, (i + 1) / 20.0 - 3));
      }
    }
    return allMax;
  }

  static int slotOf(Instant t) {
    return (int) (Math.floorMod(t.getEpochSecond(), 86_400L) / 600);
  }

  /** Learns a signed residual: upward and downward steps are kept apart (a heating ramp only rises). */
  void learn(Instant t, double residual) {
    int s = slotOf(t);
    float r = (float) Math.abs(residual);
    if (residual >= 0) {
      slotMax[s] = Math.max(slotMax[s], r);
    } else {
      slotMaxDown[s] = Math.max(slotMaxDown[s], r);
    }
    slotCount[s]++;
    allMax = Math.max(allMax, r);
    histogram[binOf(r)]++;
    count++;
  }

  /** Readings learned. */
  long count() {
    return count;
  }

  /** Largest residual seen at any time. */
  double allDayMax() {
    return allMax;
  }

  /**
   * The tolerance at {@code t} for a residual of the given sign: the largest residual of that sign
   * normally seen around this time of day, but at least 1.3 times the typical large residual of the
   * whole day (a slot sees few readings, so its maximum underestimates the tail of the noise).
   */
  double tolerance(Instant t, double sign) {
    return tolerance(t, sign, NEIGHBOUR_SLOTS);
  }

  /** As {@link #tolerance(Instant, double)}, over {@code neighbours} slots on either side. */
  double tolerance(Instant t, double sign, int neighbours) {
    return Math.max(slotTolerance(t, sign >= 0 ? slotMax : slotMaxDown, neighbours),
        1.3 * quantile(TYPICAL_QUANTILE));
  }

  /** The tolerance at {@code t} for a residual of either sign. */
  double tolerance(Instant t) {
    return Math.max(tolerance(t, 1), tolerance(t, -1));
  }

  private double slotTolerance(Instant t, float[] maxima, int neighbours) {
    int s = slotOf(t);
    double tol = 0;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (slotCount[k] < MIN_SLOT_COUNT) {
        return allMax;
      }
      tol = Math.max(tol, maxima[k]);
    }
    return tol;
  }

  @Override
  public String toString() {
    return "ToleranceProfile" + Arrays.toString(slotMax);
  }
}
