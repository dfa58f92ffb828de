package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * The lowest and highest normal value of an analog sensor in each 10-minute slot of the (UTC) day.
 * A value is usual at a time when it lies within the levels of its slot and the
 * {@link ToleranceProfile#NEIGHBOUR_SLOTS} slots on either side. Not thread-safe.
 */
final class LevelProfile {
  private final float[] min;
  private final float[] max;
  private final int[] count;

  /** Saved form. */
  record State(float[] min, float[] max, int[] count) {
    State {
      if (min.length != ToleranceProfile.SLOTS || max.length != ToleranceProfile.SLOTS
          || count.length != ToleranceProfile.SLOTS) {
        throw new IllegalArgumentException("level profile needs " + ToleranceProfile.SLOTS + " slots");
      }
      min = min.clone();
      max = max.clone();
      count = count.clone();
    }
  }

  LevelProfile() {
    this(filled(Float.MAX_VALUE), filled(-Float.MAX_VALUE), new int[ToleranceProfile.SLOTS]);
  }

  private LevelProfile(float[] min, float[] max, int[] count) {
    this.min = min;
    this.max = max;
    this.count = count;
  }

  private static float[] filled(float v) {
    float[] a = new float[ToleranceProfile.SLOTS];
    Arrays.fill(a, v);
    return a;
  }

  static LevelProfile restore(State s) {
    return new LevelProfile(s.min().clone(), s.max().clone(), s.count().clone());
  }

  State state() {
    return new State(min, max, count);
  }

  void learn(Instant at, double value) {
    int s = ToleranceProfile.slotOf(at);
    min[s] = (float) Math.min(min[s], value);
    max[s] = (float) Math.max(max[s], value);
    count[s]++;
  }

  /** Whether the value lies within the levels normally seen around this time of day, give or take {@code tol}. */
  boolean isUsual(Instant at, double value, double tol) {
    return isUsual(at, value, tol, ToleranceProfile.NEIGHBOUR_SLOTS);
  }

  /**
   * Whether a ramp at {@code value} moving in the direction of {@code sign} heads for a level usual
   * within {@code neighbours} slots on either side: the value is usual there, and still at least
   * {@code margin} short of the highest (rising) or lowest (falling) of those levels.
   */
  boolean isHeadingForUsual(Instant at, double value, double sign, double margin, int neighbours) {
    int s = ToleranceProfile.slotOf(at);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, ToleranceProfile.SLOTS);
      if (count[k] < ToleranceProfile.MIN_SLOT_COUNT) {
        return false;
      }
      lo = Math.min(lo, min[k]);
      hi = Math.max(hi, max[k]);
    }
    return sign >= 0 ? value >= lo && value <= hi - margin : value <= hi && value >= lo + margin;
  }

  /** As {@link #isUsual(Instant, double, double)}, over {@code neighbours} slots on either side. */
  boolean isUsual(Instant at, double value, double tol, int neighbours) {
    int s = ToleranceProfile.slotOf(at);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, ToleranceProfile.SLOTS);
      if (count[k] < ToleranceProfile.MIN_SLOT_COUNT) {
        return false;
      }
      lo = Math.min(lo, min[k]);
      hi = Math.max(hi, max[k]);
    }
    return value >= lo - tol && value <= hi + tol;
  }

  /**
   * The lowest and highest level normally seen within {@code neighbours} slots of {@code at}, or
   * null when any of those slots has too few readings to say.
   */
  double[] range(Instant at, int neighbours) {
    int s = ToleranceProfile.slotOf(at);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, ToleranceProfile.SLOTS);
      if (count[k] < ToleranceProfile.MIN_SLOT_COUNT) {
        return null;
      }
      lo = Math.min(lo, min[k]);
      hi = Math.max(hi, max[k]);
    }
    return new double[] {lo, hi};
  }
}
