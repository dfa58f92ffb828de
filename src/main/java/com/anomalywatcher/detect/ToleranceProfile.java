package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How large a one-step prediction residual normally gets, by local time of day: per 10-minute slot
 * of the site's day ({@link DayClock}) the second largest residual of each sign (one outlier, such
 * as an anomaly in the history, never sets a slot's tolerance; an event that recurs, such as a
 * weekly cleaning or the daily warm-up, does), and over the whole day a trimmed maximum (the top
 * {@link #trimmed()} residuals left out). The tolerance at a time is the largest of its slot and the
 * slots on either side (schedules vary from day to day), or the all-day value while a slot has seen
 * too few readings.
 *
 * <p>A restored profile only reads what it learned (a trained detector keeps its profiles as
 * trained), so it holds that in a smaller form: its histogram as a {@link CountWindow}, an array of
 * zeros (the downward maxima of a one-sided residual, every array of a profile its sensor never
 * fed) as one array shared by all profiles, and an array equal to one of another profile of its
 * detector as that one ({@link SharedArrays}). Should it learn, it first copies them back into
 * arrays of its own. Not thread-safe.
 */
final class ToleranceProfile {
  static final int SLOTS = DayClock.SLOTS;
  static final int MIN_SLOT_COUNT = 20;
  /** Readings a slot needs (about a week of 1-minute data) before its largest residual is left out. */
  static final int TRIM_SLOT_COUNT = 60;
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
  /** Quantile of all residuals that measures the noise ({@link #noiseFloor()}). */
  static final double NOISE_QUANTILE = 0.9;
  static final double NOISE_FLOOR_MULTIPLE = 2;

  /** Zeros shared by all restored profiles, which never write them (see {@link #thaw()}). */
  private static final float[] NO_MAXIMA = new float[2 * SLOTS];
  private static final int[] NO_COUNTS = new int[SLOTS];

  private final DayClock clock;
  /** Per slot: the largest and second largest upward residual (index 2s and 2s+1). */
  private float[] slotMax;
  private float[] slotMaxDown;
  private int[] slotCount;
  /** Per bin: residuals learned; null while a restored profile holds them in {@link #restored}. */
  private long[] histogram;
  /** A restored profile's histogram, null once it learns (or when its counts do not fit an int). */
  private CountWindow restored;
  /** Restored and not yet learning: its arrays may be the shared zeros. */
  private boolean frozen;
  private float allMax;
  private long count;
  /** {@link #noiseFloor()} as of {@link #noiseCount} readings learned. */
  private double noise;
  private long noiseCount = -1;
  /**
   * {@link #typicalLarge()} and {@link #allDayMax()} as of the readings learned when each was last
   * looked up: a trained profile no longer changes, and every reading asks for them.
   */
  private double typicalLarge;
  private long typicalLargeCount = -1;
  private double allDayMax;
  private long allDayMaxCount = -1;

  ToleranceProfile(DayClock clock) {
    this(clock, new float[2 * SLOTS], new float[2 * SLOTS], new int[SLOTS], new long[BINS], null, 0, 0);
  }

  private ToleranceProfile(DayClock clock, float[] slotMax, float[] slotMaxDown, int[] slotCount, long[] histogram,
      CountWindow restored, float allMax, long count) {
    this.clock = clock;
    this.slotMax = slotMax;
    this.slotMaxDown = slotMaxDown;
    this.slotCount = slotCount;
    this.histogram = histogram;
    this.restored = restored;
    this.allMax = allMax;
    this.count = count;
  }

  /** Saved form. */
  record State(float[] slotMax, float[] slotMaxDown, int[] slotCount, long[] histogram, float allMax, long count) {
    State {
      if (slotMax.length != 2 * SLOTS || slotMaxDown.length != 2 * SLOTS || slotCount.length != SLOTS
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

  /** Restores a saved profile, sharing arrays alike with the other profiles of its detector's restore. */
  static ToleranceProfile restore(DayClock clock, State s, SharedArrays shared) {
    CountWindow window = shared.share(CountWindow.of(s.histogram()));
    ToleranceProfile p = new ToleranceProfile(clock, sharedIfZero(s.slotMax(), shared),
        sharedIfZero(s.slotMaxDown(), shared), sharedIfZero(s.slotCount(), shared),
        window == null ? s.histogram().clone() : null, window, s.allMax(), s.count());
    p.frozen = true;
    return p;
  }

  State state() {
    return new State(slotMax, slotMaxDown, slotCount, histogram != null ? histogram : restored.toLongs(BINS), allMax,
        count);
  }

  private static float[] sharedIfZero(float[] a, SharedArrays shared) {
    for (float v : a) {
      if (Float.floatToRawIntBits(v) != 0) {
        return shared.share(a);
      }
    }
    return NO_MAXIMA;
  }

  private static int[] sharedIfZero(int[] a, SharedArrays shared) {
    for (int v : a) {
      if (v != 0) {
        return shared.share(a);
      }
    }
    return NO_COUNTS;
  }

  /** Gives a restored profile arrays of its own to learn in (never called while it only watches). */
  private void thaw() {
    if (!frozen) {
      return;
    }
    frozen = false;
    slotMax = slotMax.clone();
    slotMaxDown = slotMaxDown.clone();
    slotCount = slotCount.clone();
    if (histogram == null) {
      histogram = restored.toLongs(BINS);
    }
    restored = null;
  }

  private long bin(int i) {
    return histogram != null ? histogram[i] : restored.get(i);
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
    return upperEdgeOfRank((long) Math.ceil(q * count));
  }

  /** Upper edge of the bin holding the {@code rank}-th smallest residual, at most {@link #allMax}. */
  private double upperEdgeOfRank(long rank) {
    long seenSoFar = 0;
    for (int i = 0; i < BINS; i++) {
      seenSoFar += bin(i);
      if (seenSoFar >= rank) {
        return Math.min(allMax, Math.pow(10, (i + 1) / 20.0 - 3));
      }
    }
    return allMax;
  }

  /** Learns a signed residual: upward and downward steps are kept apart (a heating ramp only rises). */
  void learn(Instant t, double residual) {
    thaw();
    int s = clock.slotOf(t);
    float r = (float) Math.abs(residual);
    float[] top = residual >= 0 ? slotMax : slotMaxDown;
    if (r > top[2 * s]) {
      top[2 * s + 1] = top[2 * s];
      top[2 * s] = r;
    } else if (r > top[2 * s + 1]) {
      top[2 * s + 1] = r;
    }
    slotCount[s]++;
    allMax = Math.max(allMax, r);
    histogram[binOf(r)]++;
    count++;
  }

  /**
   * The sensor's noise: {@value #NOISE_FLOOR_MULTIPLE} times the {@value #NOISE_QUANTILE} quantile
   * of all residuals, which events at random times (door openings, cooking bursts, glitches: up to a
   * tenth of the readings) cannot inflate as they inflate a high quantile. For Gaussian noise it is
   * about the second largest residual a 10-minute slot sees in two weeks. The least tolerance of a
   * {@link StepCheck} (measured on the realistic world: as the floor of the residual tolerance it
   * nearly quadrupled the false alerts, since door openings and cooking bursts then pass as onsets).
   */
  double noiseFloor() {
    if (noiseCount != count) { // a trained profile no longer changes: look the quantile up once
      noise = NOISE_FLOOR_MULTIPLE * quantile(NOISE_QUANTILE);
      noiseCount = count;
    }
    return noise;
  }

  /** Readings learned. */
  long count() {
    return count;
  }

  /** Residuals left out of the all-day maximum: one per 2000 learned, at least one. */
  long trimmed() {
    return 1 + count / 2000;
  }

  /**
   * The largest residual at any time once the top {@link #trimmed()} are left out (upper edge of
   * its histogram bin): rare outliers in the history do not set it.
   */
  double allDayMax() {
    if (allDayMaxCount != count) {
      allDayMax = count == 0 ? 0 : upperEdgeOfRank(Math.max(1, count - trimmed()));
      allDayMaxCount = count;
    }
    return allDayMax;
  }

  /**
   * The typical large residual of the whole day: the {@value #TYPICAL_QUANTILE} quantile of all
   * residuals ({@link #quantile}), whose 1.3-fold is the least tolerance at any time of day.
   */
  double typicalLarge() {
    if (typicalLargeCount != count) {
      typicalLarge = quantile(TYPICAL_QUANTILE);
      typicalLargeCount = count;
    }
    return typicalLarge;
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
        1.3 * typicalLarge());
  }

  /**
   * The largest value of this sign normally seen around this time of day (trimmed, over
   * {@link #NEIGHBOUR_SLOTS} slots on either side), without the all-day floor.
   */
  double slotTolerance(Instant t, double sign) {
    return slotTolerance(t, sign, NEIGHBOUR_SLOTS);
  }

  /** As {@link #slotTolerance(Instant, double)}, over {@code neighbours} slots on either side. */
  double slotTolerance(Instant t, double sign, int neighbours) {
    return slotTolerance(t, sign >= 0 ? slotMax : slotMaxDown, neighbours);
  }

  /**
   * The tolerance of a schedule's ramp at {@code t} for a residual of the given sign: the second
   * largest residual of that sign over the {@code neighbours} slots on either side taken together
   * (one outlier left out of the window, not one of each slot: a daily warm-up starts in another
   * slot each day, and its first step, once a day, is each slot's largest), but at least 1.3 times
   * the typical large residual of the whole day; {@link #tolerance(Instant, double, int)} while a
   * slot has seen too few readings.
   */
  double rampTolerance(Instant t, double sign, int neighbours) {
    float[] maxima = sign >= 0 ? slotMax : slotMaxDown;
    int s = clock.slotOf(t);
    double first = 0;
    double second = 0;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (slotCount[k] < TRIM_SLOT_COUNT) {
        return tolerance(t, sign, neighbours);
      }
      for (int i = 0; i < 2; i++) {
        double r = maxima[2 * k + i];
        if (r > first) {
          second = first;
          first = r;
        } else if (r > second) {
          second = r;
        }
      }
    }
    return Math.max(second, 1.3 * typicalLarge());
  }

  /**
   * The largest residual of this sign ever learned within {@code neighbours} slots on either side
   * of {@code t} (untrimmed: the history's outliers count too, so nothing it showed there exceeds
   * it); positive infinity while one of those slots has seen fewer than {@link #MIN_SLOT_COUNT}
   * readings (too little history to say what is far larger).
   */
  double slotLargest(Instant t, double sign, int neighbours) {
    float[] maxima = sign >= 0 ? slotMax : slotMaxDown;
    int s = clock.slotOf(t);
    double largest = 0;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (slotCount[k] < MIN_SLOT_COUNT) {
        return Double.POSITIVE_INFINITY;
      }
      largest = Math.max(largest, maxima[2 * k]);
    }
    return largest;
  }

  /**
   * The largest residual of this sign ever learned at any time of day (untrimmed); positive
   * infinity before {@link #TRIM_SLOT_COUNT} readings.
   */
  double largest(double sign) {
    if (count < TRIM_SLOT_COUNT) {
      return Double.POSITIVE_INFINITY;
    }
    float[] maxima = sign >= 0 ? slotMax : slotMaxDown;
    double largest = 0;
    for (int k = 0; k < SLOTS; k++) {
      largest = Math.max(largest, maxima[2 * k]);
    }
    return largest;
  }

  /** The tolerance at {@code t} for a residual of either sign. */
  double tolerance(Instant t) {
    return Math.max(tolerance(t, 1), tolerance(t, -1));
  }

  private double slotTolerance(Instant t, float[] maxima, int neighbours) {
    int s = clock.slotOf(t);
    double tol = 0;
    for (int d = -neighbours; d <= neighbours; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (slotCount[k] < MIN_SLOT_COUNT) {
        return allDayMax();
      }
      // trim the largest only where the slot has seen enough days for one to be an outlier
      tol = Math.max(tol, maxima[2 * k + (slotCount[k] >= TRIM_SLOT_COUNT ? 1 : 0)]);
    }
    return tol;
  }

  @Override
  public String toString() {
    return "ToleranceProfile" + Arrays.toString(slotMax);
  }
}
