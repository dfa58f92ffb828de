package com.anomalywatcher.detect;

import java.time.Instant;

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
 * <p>Why two kinds and not the rise itself: a supermarket's few bursts of a week (B2, seed 1234,
 * clock 2026-11-28T20:15Z) built up over 2 readings on one date and 3 on another, and one burst
 * over 3 readings on the test day; a dust storm's front takes 5–10 (docs/ACCURACY.md, 2026-12-02,
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

  private final DayClock clock;
  /** Per kind of rise, hour and rank (highest first): the height reached, 0 for none. */
  private final float[] heights;
  /** The local date (days since 1970-01-01) of each height. */
  private final int[] dates;

  /** Saved form: {@link #heights} and {@link #dates}, kind by kind, hour by hour, highest first. */
  record State(float[] heights, int[] dates) {
    State {
      if (heights.length != CELLS || dates.length != CELLS) {
        throw new IllegalArgumentException("a burst history has " + CELLS + " heights and dates, got "
            + heights.length + " and " + dates.length);
      }
      heights = heights.clone();
      dates = dates.clone();
    }
  }

  BurstHistory(DayClock clock) {
    this(clock, new float[CELLS], new int[CELLS]);
  }

  private BurstHistory(DayClock clock, float[] heights, int[] dates) {
    this.clock = clock;
    this.heights = heights;
    this.dates = dates;
  }

  static BurstHistory restore(DayClock clock, State s) {
    return new BurstHistory(clock, s.heights(), s.dates());
  }

  State state() {
    return new State(heights, dates);
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
    int c = RISES.length - 1;
    while (c >= 0 && rise < RISES[c]) {
      c--;
    }
    if (c < 0) {
      return false;
    }
    int hour = clock.slotOf(at) / (DayClock.SLOTS / HOURS);
    boolean near = false;
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
