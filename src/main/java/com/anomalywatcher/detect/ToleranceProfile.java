package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How large a one-step prediction residual normally gets, by time of day: the largest absolute
 * residual seen in each 10-minute slot of the (UTC) day, and over the whole day. The tolerance at a
 * time is the largest of its slot and the two neighbouring slots (schedule edges jitter from day to
 * day), or the all-day largest while a slot has seen too few readings. Not thread-safe.
 */
final class ToleranceProfile {
  static final int SLOTS = 144;
  static final int MIN_SLOT_COUNT = 20;

  private final float[] slotMax;
  private final int[] slotCount;
  private float allMax;
  private long count;

  ToleranceProfile() {
    this(new float[SLOTS], new int[SLOTS], 0, 0);
  }

  private ToleranceProfile(float[] slotMax, int[] slotCount, float allMax, long count) {
    this.slotMax = slotMax;
    this.slotCount = slotCount;
    this.allMax = allMax;
    this.count = count;
  }

  /** Saved form. */
  record State(float[] slotMax, int[] slotCount, float allMax, long count) {
    State {
      if (slotMax.length != SLOTS || slotCount.length != SLOTS) {
        throw new IllegalArgumentException("tolerance profile needs " + SLOTS + " slots, got " + slotMax.length);
      }
      slotMax = slotMax.clone();
      slotCount = slotCount.clone();
    }
  }

  static ToleranceProfile restore(State s) {
    return new ToleranceProfile(s.slotMax().clone(), s.slotCount().clone(), s.allMax(), s.count());
  }

  State state() {
    return new State(slotMax, slotCount, allMax, count);
  }

  static int slotOf(Instant t) {
    return (int) (Math.floorMod(t.getEpochSecond(), 86_400L) / 600);
  }

  void learn(Instant t, double absResidual) {
    int s = slotOf(t);
    float r = (float) absResidual;
    slotMax[s] = Math.max(slotMax[s], r);
    slotCount[s]++;
    allMax = Math.max(allMax, r);
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

  /** The tolerance at {@code t}: the largest residual normally seen around this time of day. */
  double tolerance(Instant t) {
    int s = slotOf(t);
    double tol = 0;
    for (int d = -1; d <= 1; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (slotCount[k] < MIN_SLOT_COUNT) {
        return allMax;
      }
      tol = Math.max(tol, slotMax[k]);
    }
    return tol;
  }

  @Override
  public String toString() {
    return "ToleranceProfile" + Arrays.toString(slotMax);
  }
}
