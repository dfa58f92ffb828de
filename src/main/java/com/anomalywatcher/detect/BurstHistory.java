package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How high a sensor's excursions rose in its history, by how fast they rose and by the hour of the
 * day. Rises are of two kinds: a build-up over {@code RISES[0]} to {@code RISES[1] - 1} readings (a
 * cooking or cleaning burst) and a slower one over {@code RISES[1]} readings or more (a front that
 * comes in: a dust storm, or the background's wander); a jump in one reading is in neither. For each
 * kind and each local hour it keeps the two dates whose excursions there rose highest, with their
 * heights; an excursion counts in every kind it is at least as slow as. So "a burst this high,
 * built up over this many readings or more, came on {@value #MIN_DATES} dates of the history, one of
 * them within {@value #NEAR_HOURS} hours of this time of day" is one lookup ({@link #reached}).
 * Learns the new highs {@link ExcursionRise} finds.
 *
 * <p>Beside them, how often held excursions of each height came ({@link #usual}): per speed of rise
 * (a jump in one reading, 2, 3–4 and 5–8 readings) and per half-octave of height, the dates (of
 * the last {@value #DATE_BITS}) on which an excursion peaked there and held its top
 * ({@link ExcursionRise#settlesHeldPeak}). A particulate sensor in a kitchen makes bursts of a
 * typical depth several times a day, some jumping to their top in one reading; a pollution spike or
 * calibration error steps by far less, or far more, and comes rarely. 4 × {@value #BINS} longs,
 * 896 bytes.
 *
 * <p>And per date (the last {@value #TOP_DATES}), the highest build-up of that date: how far the
 * tops of a sensor's bursts vary among themselves ({@link #withinTopsSpread}). 32 floats and ints,
 * 256 bytes.
 *
 * <p>Why two kinds and not the rise itself: a supermarket's few bursts of a week (B2, seed 1234,
 * clock 2026-11-28T20:15Z) built up over 2 readings on one date and 3 on another, and one burst
 * over 3 readings on the test day; a dust storm's front takes 5–10 (docs/accuracy-log.md, 2026-12-02,
 * pb). Small on purpose (a particulate model's heap has little room): 2 kinds × 24 hours × 2 dates,
 * a float and an int each, 768 bytes. Not thread-safe; owned by its check.
 */
final class BurstHistory {
  /** The least rise of each kind, in readings: a jump (one reading) is in neither. */
  static final int[] RISES = {2, 5};
  static final int HOURS = 24;
  static final int NEAR_HOURS = 3;
  /** Dates that must have reached a height for it to be usual. */
  static final int MIN_DATES = 2;
  private static final int CELLS = RISES.length * HOURS * 2;
  /** The least rise of each speed whose peaks are counted; slower ones (fronts) are not. */
  static final int[] PEAK_RISES = {1, 2, 3, 5, 9};
  /** Half-octaves of height kept, from 2^-{@value #LOWEST_OCTAVE} of the unit up. */
  static final int BINS = 28;
  static final int LOWEST_OCTAVE = 2;
  /** Half-octaves on either side of a height that count as as deep as it. */
  static final int NEAR_BINS = 1;
  /** Dates with a peak as deep and as fast that make an excursion usual. */
  static final int USUAL_DATES = 3;
  /**
   * An excursion's depth is usual only when peaks as deep came on at least 1 / this of the dates of
   * the depth most frequent at its speed: a kitchen's daily bursts make their depth usual, not the
   * few faults and wanderings of other depths its history holds.
   */
  static final int COMMON_FRACTION_INVERSE = 3;
  /** Dates remembered per cell, as bits of a long (by date modulo this). */
  static final int DATE_BITS = 64;
  private static final int PEAK_CELLS = (PEAK_RISES.length - 1) * BINS;
  /** Dates whose highest build-up is kept, by date modulo this. */
  static final int TOP_DATES = 32;
  /** The fewest dates with a build-up for their tops to have a spread: a median apart from the highest. */
  static final int MIN_TOP_DATES = 3;

  private final DayClock clock;
  /** Per kind of rise, hour and rank (highest first): the height reached, 0 for none. */
  private final float[] heights;
  /** The local date (days since 1970-01-01) of each height. */
  private final int[] dates;
  /** Per speed of rise and half-octave of height: the dates (bit: date modulo 64) a held peak came. */
  private final long[] peakDates;
  /** Per date (modulo {@value #TOP_DATES}): its highest build-up, 0 for none. */
  private final float[] dayTops;
  /** The local date of each of {@link #dayTops}. */
  private final int[] dayTopDates;

  /**
   * Saved form: {@link #heights} and {@link #dates}, kind by kind, hour by hour, highest first; then
   * {@link #peakDates}, speed by speed, half-octave by half-octave; then {@link #dayTops} and
   * {@link #dayTopDates} (each null in a model saved before it: nothing learned).
   */
  record State(float[] heights, int[] dates, long[] peakDates, float[] dayTops, int[] dayTopDates) {
    State {
      if (heights.length != CELLS || dates.length != CELLS) {
        throw new IllegalArgumentException("a burst history has " + CELLS + " heights and dates, got "
            + heights.length + " and " + dates.length);
      }
      if (peakDates != null && peakDates.length != PEAK_CELLS) {
        throw new IllegalArgumentException("a burst history has " + PEAK_CELLS + " peak cells, got " + peakDates.length);
      }
      if ((dayTops == null) != (dayTopDates == null)
          || dayTops != null && (dayTops.length != TOP_DATES || dayTopDates.length != TOP_DATES)) {
        throw new IllegalArgumentException("a burst history has " + TOP_DATES + " daily tops and their dates, got "
            + (dayTops == null ? "none" : dayTops.length) + " and " + (dayTopDates == null ? "none" : dayTopDates.length));
      }
      heights = heights.clone();
      dates = dates.clone();
      peakDates = peakDates == null ? null : peakDates.clone();
      dayTops = dayTops == null ? null : dayTops.clone();
      dayTopDates = dayTopDates == null ? null : dayTopDates.clone();
    }
  }

  BurstHistory(DayClock clock) {
    this(clock, new float[CELLS], new int[CELLS], new long[PEAK_CELLS], new float[TOP_DATES], new int[TOP_DATES]);
  }

  private BurstHistory(DayClock clock, float[] heights, int[] dates, long[] peakDates, float[] dayTops,
      int[] dayTopDates) {
    this.clock = clock;
    this.heights = heights;
    this.dates = dates;
    this.peakDates = peakDates;
    this.dayTops = dayTops;
    this.dayTopDates = dayTopDates;
  }

  static BurstHistory restore(DayClock clock, State s) {
    return new BurstHistory(clock, s.heights(), s.dates(),
        s.peakDates() == null ? new long[PEAK_CELLS] : s.peakDates(),
        s.dayTops() == null ? new float[TOP_DATES] : s.dayTops(),
        s.dayTopDates() == null ? new int[TOP_DATES] : s.dayTopDates());
  }

  State state() {
    return new State(heights, dates, peakDates, dayTops, dayTopDates);
  }

  /** Learns a held peak at {@code at}: {@code height} above its baseline, reached in {@code rise} readings. */
  void learnPeak(Instant at, float height, int rise) {
    int speed = speedOf(rise);
    if (!(height > 0) || speed < 0) {
      return;
    }
    peakDates[speed * BINS + binOf(height)] |= 1L << Math.floorMod(clock.dateOf(at), DATE_BITS);
  }

  /**
   * Whether held peaks as deep as {@code height} (within {@value #NEAR_BINS} half-octave on either
   * side) that rose as fast (the same speed: a jump only by jumps) came on {@value #USUAL_DATES}
   * dates of the history, and on at least 1/{@value #COMMON_FRACTION_INVERSE} of the dates of the
   * depth most frequent at that speed. A front (rise of 5 readings or more) is never usual here:
   * that is how a dust storm comes in.
   */
  boolean usual(double height, int rise) {
    int speed = speedOf(rise);
    if (!(height > 0) || speed < 0 || speed + 2 >= PEAK_RISES.length) {
      return false;
    }
    int dates = datesNear(speed, binOf(height));
    if (dates < USUAL_DATES) {
      return false;
    }
    int mostDates = 0;
    for (int b = 0; b < BINS; b++) {
      mostDates = Math.max(mostDates, datesNear(speed, b));
    }
    return dates * COMMON_FRACTION_INVERSE >= mostDates;
  }

  /** The dates on which held peaks of {@code speed} came within {@value #NEAR_BINS} half-octaves of {@code bin}. */
  private int datesNear(int speed, int bin) {
    long seen = 0;
    for (int b = Math.max(0, bin - NEAR_BINS); b <= Math.min(BINS - 1, bin + NEAR_BINS); b++) {
      seen |= peakDates[speed * BINS + b];
    }
    return Long.bitCount(seen);
  }

  /** The speed class of a rise (index into {@link #PEAK_RISES}), -1 for one too slow to keep. */
  private static int speedOf(int rise) {
    for (int s = PEAK_RISES.length - 2; s >= 0; s--) {
      if (rise >= PEAK_RISES[s]) {
        return rise < PEAK_RISES[s + 1] ? s : -1;
      }
    }
    return -1;
  }

  private static int binOf(double height) {
    int b = (int) Math.floor(2 * (Math.log(height) / Math.log(2) + LOWEST_OCTAVE));
    return Math.max(0, Math.min(BINS - 1, b));
  }

  /** Learns an excursion's new high at {@code at}: {@code height} above its baseline, reached in {@code rise} readings. */
  void learn(Instant at, float height, int rise) {
    if (!(height > 0)) {
      return;
    }
    int hour = clock.slotOf(at) / (DayClock.SLOTS / HOURS);
    int date = (int) clock.dateOf(at);
    for (int c = 0; c < RISES.length && rise >= RISES[c]; c++) {
      keep(cell(c, hour), height, date);
    }
    if (rise >= RISES[0] && rise < RISES[1]) {
      int i = Math.floorMod(date, TOP_DATES);
      dayTops[i] = dayTopDates[i] == date ? Math.max(dayTops[i], height) : height;
      dayTopDates[i] = date;
    }
  }

  /**
   * Whether a build-up {@code height} high lies within the spread of the history's daily tops (the
   * highest build-up of each date, {@value #MIN_TOP_DATES} dates or more): no higher than the
   * highest date's top stood above the median date's, added once more to the highest. A sensor
   * whose bursts top anywhere from a third to all of their highest makes a new highest now and
   * then; one whose bursts all top alike does not. Build-ups only (a jump or a front is judged by
   * nothing here).
   */
  boolean withinTopsSpread(double height) {
    float[] tops = new float[TOP_DATES];
    int n = 0;
    for (float t : dayTops) {
      if (t > 0) {
        tops[n++] = t;
      }
    }
    if (n < MIN_TOP_DATES) {
      return false;
    }
    Arrays.sort(tops, 0, n);
    double median = n % 2 == 1 ? tops[n / 2] : (tops[n / 2 - 1] + tops[n / 2]) / 2.0;
    double highest = tops[n - 1];
    return height <= highest + (highest - median);
  }

  /** Keeps the height in the two-date cell starting at {@code i}: the highest per date, the two highest dates. */
  private void keep(int i, float height, int date) {
    if (heights[i] > 0 && dates[i] == date) {
      heights[i] = Math.max(heights[i], height);
    } else if (heights[i + 1] > 0 && dates[i + 1] == date) {
      heights[i + 1] = Math.max(heights[i + 1], height);
    } else if (height > heights[i + 1]) {
      heights[i + 1] = height;
      dates[i + 1] = date;
    } else {
      return;
    }
    if (heights[i + 1] > heights[i]) {
      float h = heights[i];
      heights[i] = heights[i + 1];
      heights[i + 1] = h;
      int d = dates[i];
      dates[i] = dates[i + 1];
      dates[i + 1] = d;
    }
  }

  /**
   * Whether excursions at least {@code height} high whose rise was of the same kind as {@code rise}
   * or slower came on {@value #MIN_DATES} dates of the history, one of them within
   * {@value #NEAR_HOURS} hours of the time of day of {@code at}. Never for a jump (rise 1).
   */
  boolean reached(Instant at, double height, int rise) {
    return reached(clock.slotOf(at) / (DayClock.SLOTS / HOURS), height, rise);
  }

  /**
   * Whether excursions at least {@code height} high whose rise was of the same kind as {@code rise}
   * or slower came on {@value #MIN_DATES} dates of the history, at any time of day. Never for a jump.
   */
  boolean reachedAnyHour(double height, int rise) {
    return reached(-1, height, rise);
  }

  /** {@link #reached(Instant, double, int)} near the local {@code hour}, or at any hour for -1. */
  private boolean reached(int hour, double height, int rise) {
    int c = RISES.length - 1;
    while (c >= 0 && rise < RISES[c]) {
      c--;
    }
    if (c < 0) {
      return false;
    }
    boolean near = hour < 0;
    int first = Integer.MIN_VALUE;
    boolean second = false;
    for (int h = 0; h < HOURS; h++) {
      int apart = Math.abs(h - hour);
      boolean isNear = Math.min(apart, HOURS - apart) <= NEAR_HOURS;
      for (int k = cell(c, h); k < cell(c, h) + 2; k++) {
        if (heights[k] > 0 && heights[k] >= height) {
          near |= isNear;
          if (first == Integer.MIN_VALUE) {
            first = dates[k];
          } else if (dates[k] != first) {
            second = true;
          }
        }
      }
    }
    return near && second;
  }

  private static int cell(int c, int hour) {
    return (c * HOURS + hour) * 2;
  }
}
