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
  private static final long SECONDS_PER_DAY = 86_400;

  /** Changes between consecutive readings (by magnitude: their median is the noise). */
  private final ToleranceProfile changes;
  private final float[] dayLargest = new float[MAX_DAYS];
  /** Per day, the companion measure learned with the day's largest value (0 where none was). */
  private final float[] dayCompanion = new float[MAX_DAYS];
  private int days;
  private long day = Long.MIN_VALUE;
  private float largestToday;
  private float companionToday;
  private int readingsToday;
  private double noise = Double.NaN;
  private long noiseCount = -1;

  /**
   * Saved form: the learned changes, the largest value of each complete day (oldest first) and the
   * companion measure learned with it (null in models saved before it was kept: read as 0).
   */
  record State(ToleranceProfile.State changes, float[] dayLargest, float[] dayCompanion) {
    State {
      if (dayLargest.length > MAX_DAYS) {
        throw new IllegalArgumentException("a typical day keeps at most " + MAX_DAYS + " days, got "
            + dayLargest.length);
      }
      dayLargest = dayLargest.clone();
      dayCompanion = dayCompanion == null ? null : Arrays.copyOf(dayCompanion, dayLargest.length);
    }

    State(ToleranceProfile.State changes, float[] dayLargest) {
      this(changes, dayLargest, null);
    }
  }

  TypicalDay(DayClock clock) {
    this(new ToleranceProfile(clock), new float[0], null);
  }

  private TypicalDay(ToleranceProfile changes, float[] learnedDays, float[] learnedCompanions) {
    this.changes = changes;
    for (int i = 0; i < learnedDays.length; i++) {
      keepDay(learnedDays[i], learnedCompanions == null ? 0 : learnedCompanions[i]);
    }
  }

  /** Restores a saved typical day, its profile sharing arrays alike with the others of its detector. */
  static TypicalDay restore(DayClock clock, State s, SharedArrays shared) {
    return new TypicalDay(ToleranceProfile.restore(clock, s.changes(), shared), s.dayLargest(),
        s.dayCompanion());
  }

  /** The saved form; the day under way counts once it has {@value #MIN_DAY_READINGS} readings. */
  State state() {
    int n = days + (readingsToday >= MIN_DAY_READINGS ? 1 : 0);
    float[] out = Arrays.copyOf(dayLargest, Math.min(n, MAX_DAYS));
    float[] with = Arrays.copyOf(dayCompanion, out.length);
    if (n > days) {
      if (days == MAX_DAYS) {
        System.arraycopy(out, 1, out, 0, MAX_DAYS - 1);
        System.arraycopy(with, 1, with, 0, MAX_DAYS - 1);
      }
      out[out.length - 1] = largestToday;
      with[with.length - 1] = companionToday;
    }
    return new State(changes.state(), out, with);
  }

  private void keepDay(float largest, float companion) {
    if (days == MAX_DAYS) {
      System.arraycopy(dayLargest, 1, dayLargest, 0, MAX_DAYS - 1);
      System.arraycopy(dayCompanion, 1, dayCompanion, 0, MAX_DAYS - 1);
      days--;
    }
    dayLargest[days] = largest;
    dayCompanion[days++] = companion;
  }

  /**
   * Learns a reading's change from the one before (NaN after a gap or at the start) and its
   * statistic (0 when there is none).
   */
  void learn(Instant at, double change, double value) {
    learn(at, change, value, 0);
  }

  /**
   * Learns as {@link #learn(Instant, double, double)}, with a companion measure of the statistic
   * (kept with the day's largest value, see {@link #daysAtLeast}).
   */
  void learn(Instant at, double change, double value, double companion) {
    long d = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
    if (d != day) {
      if (readingsToday >= MIN_DAY_READINGS) {
        keepDay(largestToday, companionToday);
      }
      day = d;
      largestToday = 0;
      companionToday = 0;
      readingsToday = 0;
    }
    readingsToday++;
    if (!Double.isNaN(change)) {
      changes.learn(at, change);
    }
    if ((float) Math.abs(value) > largestToday) {
      largestToday = (float) Math.abs(value);
      companionToday = (float) companion;
    }
  }

  /**
   * How many complete days had a largest value of at least {@code value} whose companion measure
   * was at least {@code companion}.
   */
  int daysAtLeast(double value, double companion) {
    int n = 0;
    for (int i = 0; i < days; i++) {
      if (dayLargest[i] >= value && dayCompanion[i] >= companion) {
        n++;
      }
    }
    return n;
  }

  /** The noise width from the changes learned so far; NaN until {@value #MIN_NOISE_READINGS} are. */
  double noise() {
    if (noiseCount != changes.count()) {
      noiseCount = changes.count();
      noise = noiseCount < MIN_NOISE_READINGS ? Double.NaN : Robust.MAD_TO_SIGMA * changes.quantile(0.5);
    }
    return noise;
  }

  /** Complete days learned. */
  int days() {
    return days;
  }

  /**
   * The median of the largest values of the days that had one (above 0), the lower of the two middle
   * ones for an even count; 0 when fewer than {@code least} days had one.
   */
  double typicalOfDaysWithOne(int least) {
    float[] d = new float[days];
    int n = 0;
    for (int i = 0; i < days; i++) {
      if (dayLargest[i] > 0) {
        d[n++] = dayLargest[i];
      }
    }
    if (n < least) {
      return 0;
    }
    Arrays.sort(d, 0, n);
    return d[(n - 1) / 2];
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
