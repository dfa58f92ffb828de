package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * The lowest and highest normal value of an analog sensor in each local 10-minute slot of each
 * weekday, read through the day type: a slot's levels pool the weekdays that behave alike
 * ({@link WeekPattern}), so a closed day has its own levels and the working days share theirs. A
 * value is usual at a time when it lies within the levels of its slot and the
 * {@link ToleranceProfile#NEIGHBOUR_SLOTS} slots on either side.
 *
 * <p>A restored profile only reads its counts (a trained detector keeps its profile as trained):
 * while each fits a byte, as they do for weeks of 1-minute readings (two readings of a weekday's
 * slot a week), it holds them as bytes, and copies them back into ints should it learn. Not
 * thread-safe.
 */
final class LevelProfile {
  private static final int CELLS = DayClock.DAYS * DayClock.SLOTS;

  private final DayClock clock;
  private final float[] min;
  private final float[] max;
  /** Readings per cell; null while a restored profile holds them in {@link #restoredCount}. */
  private int[] count;
  /** A restored profile's counts, each 0–255 as an unsigned byte; null once it learns. */
  private byte[] restoredCount;
  private final WeekPattern week;
  /** Readings learned by this object: what a remembered range ({@link #lastRange}) was read from. */
  private long learned;
  /**
   * The last range read, for the slot, day set, slot offsets and {@link #learned} it was read with
   * (the same range is asked of every reading for ten minutes). Never handed out of this class.
   */
  private double[] lastRange;
  private int lastSlot = -1;
  private int lastDays;
  private int lastFrom;
  private int lastTo;
  private long lastLearned = -1;

  /** Saved form. */
  record State(float[] min, float[] max, int[] count, WeekPattern.State week) {
    State {
      if (min.length != CELLS || max.length != CELLS || count.length != CELLS) {
        throw new IllegalArgumentException("level profile needs " + CELLS + " cells, got " + min.length);
      }
      min = min.clone();
      max = max.clone();
      count = count.clone();
    }
  }

  LevelProfile(DayClock clock) {
    this(clock, filled(Float.MAX_VALUE), filled(-Float.MAX_VALUE), new int[CELLS], new WeekPattern());
  }

  private LevelProfile(DayClock clock, float[] min, float[] max, int[] count, WeekPattern week) {
    this.clock = clock;
    this.min = min;
    this.max = max;
    this.count = count;
    this.week = week;
  }

  private static float[] filled(float v) {
    float[] a = new float[CELLS];
    Arrays.fill(a, v);
    return a;
  }

  static LevelProfile restore(DayClock clock, State s) {
    byte[] small = asBytes(s.count());
    LevelProfile p = new LevelProfile(clock, s.min().clone(), s.max().clone(), small == null ? s.count().clone() : null,
        WeekPattern.restore(s.week()));
    p.restoredCount = small;
    return p;
  }

  /** The counts as unsigned bytes, or null when one does not fit. */
  private static byte[] asBytes(int[] counts) {
    byte[] out = new byte[counts.length];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0 || counts[i] > 255) {
        return null;
      }
      out[i] = (byte) counts[i];
    }
    return out;
  }

  State state() {
    return new State(min, max, count != null ? count : counts(restoredCount), week.state());
  }

  private static int[] counts(byte[] small) {
    int[] out = new int[small.length];
    for (int i = 0; i < small.length; i++) {
      out[i] = small[i] & 0xFF;
    }
    return out;
  }

  private int count(int cell) {
    return count != null ? count[cell] : restoredCount[cell] & 0xFF;
  }

  void learn(Instant at, double value) {
    if (count == null) {
      count = counts(restoredCount);
      restoredCount = null;
    }
    int day = clock.dayOf(at);
    int slot = clock.slotOf(at);
    int c = day * DayClock.SLOTS + slot;
    min[c] = (float) Math.min(min[c], value);
    max[c] = (float) Math.max(max[c], value);
    count[c]++;
    week.learn(day, slot, value);
    learned++;
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
    double[] range = range(at, -neighbours, neighbours);
    if (range == null) {
      return false;
    }
    return (sign >= 0 ? value >= range[0] : value <= range[1]) && isShortOf(range, value, sign, margin);
  }

  /**
   * Whether {@code value} is still at least {@code margin} short of the far end of the usual levels
   * around {@code at} in the direction of {@code sign}, wherever it started from (unlike
   * {@link #isHeadingForUsual}, the level left need not be usual).
   */
  boolean isShortOfUsual(Instant at, double value, double sign, double margin, int neighbours) {
    double[] range = range(at, -neighbours, neighbours);
    return range != null && isShortOf(range, value, sign, margin);
  }

  private static boolean isShortOf(double[] range, double value, double sign, double margin) {
    return sign >= 0 ? value <= range[1] - margin : value >= range[0] + margin;
  }

  /**
   * Whether the usual levels themselves move in the direction of {@code sign} at {@code at}, as a
   * schedule's warm-up or cool-down does: the far end of the levels in the {@code neighbours} slots
   * after this one (lowest when falling, highest when rising) lies at least {@code margin} beyond
   * that of the {@code neighbours} slots before. False while a slot has too few readings.
   */
  boolean isScheduledMove(Instant at, double sign, double margin, int neighbours) {
    double[] before = range(at, -neighbours, -1);
    double[] after = range(at, 1, neighbours);
    if (before == null || after == null) {
      return false;
    }
    return sign >= 0 ? after[1] >= before[1] + margin : after[0] <= before[0] - margin;
  }

  /** As {@link #isUsual(Instant, double, double)}, over {@code neighbours} slots on either side. */
  boolean isUsual(Instant at, double value, double tol, int neighbours) {
    double[] range = range(at, -neighbours, neighbours);
    return range != null && value >= range[0] - tol && value <= range[1] + tol;
  }

  /**
   * {lowest, highest} level around {@code at} on days of its type, or null while a slot has too few
   * readings; {@link SensorModel} draws it.
   */
  double[] range(Instant at, int neighbours) {
    double[] range = range(at, -neighbours, neighbours);
    return range == null ? null : range.clone();
  }

  /**
   * {lowest, highest} level in the slots {@code from} to {@code to} (offsets from {@code at}'s slot),
   * or null; the same array as the last call's when it was asked the same (read it, never write it).
   */
  private double[] range(Instant at, int from, int to) {
    int s = clock.slotOf(at);
    int days = week.alikeWith(clock.dayOf(at));
    if (s != lastSlot || days != lastDays || from != lastFrom || to != lastTo || learned != lastLearned) {
      lastRange = readRange(s, days, from, to);
      lastSlot = s;
      lastDays = days;
      lastFrom = from;
      lastTo = to;
      lastLearned = learned;
    }
    return lastRange;
  }

  private double[] readRange(int s, int days, int from, int to) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int d = from; d <= to; d++) {
      int k = Math.floorMod(s + d, DayClock.SLOTS);
      int n = 0;
      for (int day = 0; day < DayClock.DAYS; day++) {
        if ((days & (1 << day)) != 0) {
          int c = day * DayClock.SLOTS + k;
          int readings = count(c);
          n += readings;
          if (readings > 0) {
            lo = Math.min(lo, min[c]);
            hi = Math.max(hi, max[c]);
          }
        }
      }
      if (n < ToleranceProfile.MIN_SLOT_COUNT) {
        return null;
      }
    }
    return new double[] {lo, hi};
  }
}
