package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How large a statistic typically gets in a day of a sensor's history, and how noisy the sensor
 * is: per day (UTC, at least {@value #MIN_DAY_READINGS} readings learned) the largest magnitude of
 * the statistic, and the median over days ({@link #typical()}): one or two days with an anomaly in
 * the history do not set it, as they would a maximum. The noise width is 1.4826 times the median
 * absolute change between consecutive readings learned (the standard deviation of that change for
 * Gaussian noise). Used by the plateau checks of a particulate sensor ({@link SharpPlateauCheck},
 * {@link RisenPlateauCheck}). Not thread-safe; owned by its check.
 */
final class TypicalDay {
  static final int MIN_DAY_READINGS = 720;
  /** Reading-to-reading changes learned before the noise width is trusted. */
  static final int MIN_NOISE_READINGS = 1000;
  /** Days kept (the oldest give way). */
  static final int MAX_DAYS = 64;
  private static final double MAD_TO_SIGMA = 1.4826;
  private static final long SECONDS_PER_DAY = 86_400;

  /** Changes between consecutive readings (by magnitude: their median is the noise). */
  private final ToleranceProfile changes;
  private final float[] dayLargest = new float[MAX_DAYS];
  private int days;
  private long day = Long.MIN_VALUE;
  private float largestToday;
  private int readingsToday;
  private double noise = Double.NaN;
  private long noiseCount = -1;

  /** Saved form: the learned changes and the largest value of each complete day (oldest first). */
  record State(ToleranceProfile.State changes, float[] dayLargest) {
    State {
      if (dayLargest.length > MAX_DAYS) {
        throw new IllegalArgumentException("a typical day keeps at most " + MAX_DAYS + " days, got "
            + dayLargest.length);
      }
      dayLargest = dayLargest.clone();
    }
  }

  TypicalDay(DayClock clock) {
    this(new ToleranceProfile(clock), new float[0]);
  }

  private TypicalDay(ToleranceProfile changes, float[] learnedDays) {
    this.changes = changes;
    for (float largest : learnedDays) {
      keepDay(largest);
    }
  }

  static TypicalDay restore(DayClock clock, State s) {
    return restore(clock, s, new SharedArrays());
  }

  /** Restores a saved typical day, its profile sharing arrays alike with the others of its detector. */
  static TypicalDay restore(DayClock clock, State s, SharedArrays shared) {
    return new TypicalDay(ToleranceProfile.restore(clock, s.changes(), shared), s.dayLargest());
  }

  /** The saved form; the day under way counts once it has {@value #MIN_DAY_READINGS} readings. */
  State state() {
    int n = days + (readingsToday >= MIN_DAY_READINGS ? 1 : 0);
    float[] out = Arrays.copyOf(dayLargest, Math.min(n, MAX_DAYS));
    if (n > days) {
      if (days == MAX_DAYS) {
        System.arraycopy(out, 1, out, 0, MAX_DAYS - 1);
      }
      out[out.length - 1] = largestToday;
    }
    return new State(changes.state(), out);
  }

  private void keepDay(float largest) {
    if (days == MAX_DAYS) {
      System.arraycopy(dayLargest, 1, dayLargest, 0, MAX_DAYS - 1);
      days--;
    }
    dayLargest[days++] = largest;
  }

  /**
   * Learns a reading's change from the one before (NaN after a gap or at the start) and its
   * statistic (0 when there is none).
   */
  void learn(Instant at, double change, double value) {
    long d = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
    if (d != day) {
      if (readingsToday >= MIN_DAY_READINGS) {
        keepDay(largestToday);
      }
      day = d;
      largestToday = 0;
      readingsToday = 0;
    }
    readingsToday++;
    if (!Double.isNaN(change)) {
      changes.learn(at, change);
    }
    largestToday = Math.max(largestToday, (float) Math.abs(value));
  }

  /** The noise width from the changes learned so far; NaN until {@value #MIN_NOISE_READINGS} are. */
  double noise() {
    if (noiseCount != changes.count()) {
      noiseCount = changes.count();
      noise = noiseCount < MIN_NOISE_READINGS ? Double.NaN : MAD_TO_SIGMA * changes.quantile(0.5);
    }
    return noise;
  }

  /** Complete days learned. */
  int days() {
    return days;
  }

  /** The median of the days' largest values; 0 before any day is complete. */
  double typical() {
    if (days == 0) {
      return 0;
    }
    float[] d = Arrays.copyOf(dayLargest, days);
    Arrays.sort(d);
    return days % 2 == 1 ? d[days / 2] : (d[days / 2 - 1] + d[days / 2]) / 2.0;
  }
}
