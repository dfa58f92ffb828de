package com.anomalywatcher.detect;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * A daily or weekly profile of a sensor's level, learned only when its history shows one: the
 * median of each hour of the day (or of the week), kept when it explains most of the spread of the
 * values (the 10–90 % spread of what is left after subtracting it is at most {@value
 * #MAX_LEFT_SPREAD} of the values' own) over enough periods to tell. A series without a rhythm, or
 * with too short a history, gets none. Immutable.
 */
final class Rhythm {
  /** The spread left after the profile, as a fraction of the values' spread, above which there is no rhythm. */
  static final double MAX_LEFT_SPREAD = 0.5;
  /** A weekly profile must leave this much less spread than a daily one to be preferred. */
  static final double WEEKLY_GAIN = 0.15;
  static final int HOURS_PER_WEEK = 168;
  private static final int DAILY_MIN_PER_HOUR = 3;
  private static final int WEEKLY_MIN_PER_HOUR = 2;
  private static final double DAILY_MIN_DAYS = 3;
  private static final double WEEKLY_MIN_DAYS = 14;

  /** Hours in one period: 24 (daily) or 168 (weekly). */
  private final int hours;
  private final double[] level;

  private Rhythm(int hours, double[] level) {
    this.hours = hours;
    this.level = level;
  }

  /** Hour of the week (Monday 00:00 = 0) of {@code at} in {@code zone} (UTC when null). */
  static int hourOfWeek(Instant at, ZoneId zone) {
    long offset = zone == null ? 0 : zone.getRules().getOffset(at).getTotalSeconds();
    long hour = Math.floorDiv(at.getEpochSecond() + offset, 3600);
    // 1970-01-01 was a Thursday: 3 days after a Monday
    return (int) Math.floorMod(hour + 3 * 24, HOURS_PER_WEEK);
  }

  /**
   * The rhythm of the values, or null when they show none.
   *
   * @param values remembered values, {@code count} of them
   * @param hourOfWeek the hour of the week of each value, -1 when unknown (then there is no rhythm)
   * @param spanDays the time the values cover
   */
  static Rhythm learn(double[] values, int[] hourOfWeek, int count, double spanDays) {
    if (count == 0 || spanDays < DAILY_MIN_DAYS) {
      return null;
    }
    for (int i = 0; i < count; i++) {
      if (hourOfWeek[i] < 0) {
        return null;
      }
    }
    double spread = spread(Arrays.copyOf(values, count));
    if (!(spread > 0)) {
      return null;
    }
    Rhythm daily = profile(values, hourOfWeek, count, 24, DAILY_MIN_PER_HOUR);
    double dailyLeft = daily == null ? Double.POSITIVE_INFINITY : daily.leftSpread(values, hourOfWeek, count) / spread;
    Rhythm weekly = spanDays < WEEKLY_MIN_DAYS ? null
        : profile(values, hourOfWeek, count, HOURS_PER_WEEK, WEEKLY_MIN_PER_HOUR);
    double weeklyLeft = weekly == null ? Double.POSITIVE_INFINITY
        : weekly.leftSpread(values, hourOfWeek, count) / spread;
    if (weeklyLeft <= MAX_LEFT_SPREAD && weeklyLeft + WEEKLY_GAIN <= dailyLeft) {
      return weekly;
    }
    return dailyLeft <= MAX_LEFT_SPREAD ? daily : null;
  }

  /** The per-hour medians, or null when an hour has fewer than {@code minPerHour} values. */
  private static Rhythm profile(double[] values, int[] hourOfWeek, int count, int hours, int minPerHour) {
    int[] n = new int[hours];
    for (int i = 0; i < count; i++) {
      n[hourOfWeek[i] % hours]++;
    }
    double[][] byHour = new double[hours][];
    for (int h = 0; h < hours; h++) {
      if (n[h] < minPerHour) {
        return null;
      }
      byHour[h] = new double[n[h]];
      n[h] = 0;
    }
    for (int i = 0; i < count; i++) {
      int h = hourOfWeek[i] % hours;
      byHour[h][n[h]++] = values[i];
    }
    double[] level = new double[hours];
    for (int h = 0; h < hours; h++) {
      Arrays.sort(byHour[h]);
      level[h] = byHour[h][byHour[h].length / 2];
    }
    return new Rhythm(hours, level);
  }

  private double leftSpread(double[] values, int[] hourOfWeek, int count) {
    double[] left = new double[count];
    for (int i = 0; i < count; i++) {
      left[i] = values[i] - level(hourOfWeek[i]);
    }
    return spread(left);
  }

  /** 10–90 % spread; sorts its argument. */
  private static double spread(double[] v) {
    Arrays.sort(v);
    return v[(int) Math.round(0.9 * (v.length - 1))] - v[(int) Math.round(0.1 * (v.length - 1))];
  }

  /** The usual level at an hour of the week. */
  double level(int hourOfWeek) {
    return level[hourOfWeek % hours];
  }

  /** True for a weekly profile, false for a daily one. */
  boolean isWeekly() {
    return hours == HOURS_PER_WEEK;
  }
}
