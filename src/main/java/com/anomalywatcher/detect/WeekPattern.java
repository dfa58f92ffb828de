package com.anomalywatcher.detect;

/**
 * Which days of the week behave alike, learned from the data: each local weekday's average value
 * per hour, and for each weekday the set of weekdays whose hourly averages are close to its own
 * (a restaurant's closed day, a supermarket's short Sunday, a factory's weekend each stand apart
 * from the working days). Profiles that key on the day type pool the slots of these days, so two
 * weeks of history give each working-day slot a dozen days of evidence. A weekday not seen yet is
 * alike with every day seen. Not thread-safe; owned by one check.
 */
final class WeekPattern {
  static final int HOURS = 24;
  /** Mean hourly difference, as a share of the daily swing, below which two weekdays are alike. */
  static final double ALIKE_SHARE = 0.1;
  /** Readings between regroupings of the weekdays. */
  static final int REGROUP_EVERY = 720;

  private final double[] sum;
  private final int[] count;
  private final int[] alike = new int[DayClock.DAYS];
  /** Readings learned since the last regrouping; starts due, so the first question regroups. */
  private int sinceGrouped = REGROUP_EVERY;

  /** Saved form: per weekday and hour, the sum and count of values. */
  record State(double[] sum, int[] count) {
    State {
      if (sum.length != DayClock.DAYS * HOURS || count.length != DayClock.DAYS * HOURS) {
        throw new IllegalArgumentException("week pattern needs " + DayClock.DAYS * HOURS + " cells, got " + sum.length);
      }
      sum = sum.clone();
      count = count.clone();
    }
  }

  WeekPattern() {
    this(new double[DayClock.DAYS * HOURS], new int[DayClock.DAYS * HOURS]);
  }

  private WeekPattern(double[] sum, int[] count) {
    this.sum = sum;
    this.count = count;
  }

  static WeekPattern restore(State s) {
    return new WeekPattern(s.sum().clone(), s.count().clone());
  }

  State state() {
    return new State(sum, count);
  }

  /** Learns a value at a local weekday (0 = Monday) and slot of the day. */
  void learn(int day, int slot, double value) {
    int cell = day * HOURS + slot / 6;
    sum[cell] += value;
    count[cell]++;
    if (sinceGrouped < REGROUP_EVERY) {
      sinceGrouped++;
    }
  }

  /** Bit set of the weekdays (bit 0 = Monday) that behave like {@code day}, always including it. */
  int alikeWith(int day) {
    if (sinceGrouped >= REGROUP_EVERY) {
      regroup();
    }
    return alike[day];
  }

  private void regroup() {
    sinceGrouped = 0;
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int h = 0; h < HOURS; h++) {
      double s = 0;
      int n = 0;
      for (int d = 0; d < DayClock.DAYS; d++) {
        s += sum[d * HOURS + h];
        n += count[d * HOURS + h];
      }
      if (n > 0) {
        lo = Math.min(lo, s / n);
        hi = Math.max(hi, s / n);
      }
    }
    double tolerance = ALIKE_SHARE * (hi > lo ? hi - lo : 0);
    for (int d = 0; d < DayClock.DAYS; d++) {
      int set = 1 << d;
      for (int e = 0; e < DayClock.DAYS; e++) {
        if (e != d && isAlike(d, e, tolerance)) {
          set |= 1 << e;
        }
      }
      alike[d] = set;
    }
  }

  /** Whether two weekdays' hourly means differ by at most {@code tolerance} on average (hours both have). */
  private boolean isAlike(int d, int e, double tolerance) {
    double diff = 0;
    int hours = 0;
    for (int h = 0; h < HOURS; h++) {
      int a = d * HOURS + h;
      int b = e * HOURS + h;
      if (count[a] > 0 && count[b] > 0) {
        diff += Math.abs(sum[a] / count[a] - sum[b] / count[b]);
        hours++;
      }
    }
    // a day not seen at all (or hardly) is taken to be like any other
    return hours < HOURS / 2 || diff / hours <= tolerance;
  }
}
