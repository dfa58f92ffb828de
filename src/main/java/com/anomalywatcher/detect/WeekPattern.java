package com.anomalywatcher.detect;

/**
 * Which days of the week behave alike, learned from the data: each local weekday's average value
 * per hour, and for each weekday the set of weekdays whose hourly averages are close to its own
 * (a restaurant's closed day, a supermarket's short Sunday, a factory's weekend each stand apart
 * from the working days). Profiles that key on the day type pool the slots of these days, so two
 * weeks of history give each working-day slot a dozen days of evidence. A weekday not seen yet is
 * alike with every day seen. A restored pattern whose sums are whole numbers (a switch's 0/1
 * readings) keeps them and its counts packed ({@link Packed}) and its day groups computed until it
 * learns: a trained lamp never does, and a fleet holds thousands. Not thread-safe; owned by one
 * check.
 */
final class WeekPattern {
  static final int HOURS = 24;
  /** Mean hourly difference, as a share of the daily swing, below which two weekdays are alike. */
  static final double ALIKE_SHARE = 0.1;
  private static final int DAY_BITS = DayClock.DAYS;
  private static final int ALL_DAYS = (1 << DayClock.DAYS) - 1;
  /** Readings between regroupings of the weekdays. */
  static final int REGROUP_EVERY = 720;

  /** Per weekday and hour; both null while the pattern is as restored and packed. */
  private double[] sum;
  private int[] count;
  /** A restored pattern's counts and whole-number sums, packed; null when not packed. */
  private byte[] packed;
  /**
   * Per weekday, the bit set of the weekdays alike with it ({@link #alikeWith}), {@value #DAY_BITS}
   * bits each (Monday lowest): a field, not an array, so a fleet's patterns hold no extra object.
   */
  private long alike;
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
    WeekPattern p = new WeekPattern(s.sum().clone(), s.count().clone());
    p.pack();
    return p;
  }

  State state() {
    if (packed == null) {
      return new State(sum, count);
    }
    int[] at = new int[1];
    long[] counts = Packed.readCounts(packed, at, DayClock.DAYS * HOURS);
    long[] sums = Packed.readCounts(packed, at, DayClock.DAYS * HOURS);
    double[] s = new double[counts.length];
    int[] c = new int[counts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (int) counts[i];
      s[i] = sums[i];
    }
    return new State(s, c);
  }

  /**
   * Packs the pattern when every sum is a whole number in [0, 2^53) (exact as a count): groups the
   * weekdays now, which is all a pattern that learns nothing more is asked, and drops the arrays.
   */
  private void pack() {
    long[] counts = new long[count.length];
    long[] sums = new long[sum.length];
    for (int i = 0; i < sum.length; i++) {
      double v = sum[i];
      if (!(v >= 0 && v < 0x1p53 && v == Math.rint(v)) || Double.doubleToRawLongBits(v) == NEGATIVE_ZERO || count[i] < 0) {
        return;
      }
      counts[i] = count[i];
      sums[i] = (long) v;
    }
    regroupNow();
    byte[] a = Packed.counts(counts);
    byte[] b = Packed.counts(sums);
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    packed = all;
    sum = null;
    count = null;
  }

  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

  /** Unpacks a restored pattern before it learns. */
  private void thaw() {
    if (packed != null) {
      State s = state();
      sum = s.sum();
      count = s.count();
      packed = null;
    }
  }

  /** Whether the pattern is packed (restored and has learned nothing since): its day groups are fixed. */
  boolean isPacked() {
    return packed != null;
  }

  /** A packed pattern's bit set of the weekdays alike with {@code day}: {@link #alikeWith}'s answer, which cannot change until it learns. */
  int packedAlikeWith(int day) {
    if (packed == null) {
      throw new IllegalStateException("the pattern is not packed");
    }
    return alikeOf(day);
  }

  private int alikeOf(int day) {
    return (int) (alike >>> (DAY_BITS * day)) & ALL_DAYS;
  }

  /** Learns a value at a local weekday (0 = Monday) and slot of the day. */
  void learn(int day, int slot, double value) {
    thaw();
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
    return alikeOf(day);
  }

  private void regroup() {
    sinceGrouped = 0;
    if (packed == null) { // a packed pattern's groups were made from the same sums and counts
      regroupNow();
    }
  }

  private void regroupNow() {
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
    long groups = 0;
    for (int d = 0; d < DayClock.DAYS; d++) {
      int set = 1 << d;
      for (int e = 0; e < DayClock.DAYS; e++) {
        if (e != d && isAlike(d, e, tolerance)) {
          set |= 1 << e;
        }
      }
      groups |= (long) set << (DAY_BITS * d);
    }
    alike = groups;
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
