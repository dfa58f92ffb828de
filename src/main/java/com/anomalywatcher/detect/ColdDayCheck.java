package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * An oven or heater that has run colder all day than on any day of its history: the mean of its
 * readings over the last {@value #DAY_HOURS} hours below the lowest such day-long mean its training
 * showed, by more than {@value #SPREAD_FRACTION} of the spread between its lowest and highest
 * day-long means, while the reading itself is down there too. A heat source that fails slowly or
 * keeps stopping (a failing element, a burner that trips, a machine that no longer reaches its
 * working temperature) stays for hours in a range it visits on ordinary days only briefly (night
 * setbacks, cool-downs, closed days are part of the history's day-long means), so no reading is a
 * level never seen ({@link UnseenLevelCheck}) and no step is out of the ordinary; only the day as a
 * whole is. Measured on NAB's machine temperature (docs/accuracy-log.md, 2026-12-07, real): the
 * failures of 2013-12-10 and 2014-01-28 held the machine at 48–65 °C for most of a day where its history's
 * day-long means lay within 71–87 °C.
 *
 * <p>Only the cold side: a day-long mean above the history's is what a raised setpoint or a busier
 * season gives (the machine ran days warmer than its first week for the two months after it), and
 * a hot fault reaches levels the other checks judge. Alerts once the condition has held for
 * {@value #HELD_READINGS} readings and {@value #HELD_SECONDS} s, and as long as it holds. The hours
 * are counted by the clock (epoch hours), so a gap shortens the day's coverage instead of bridging
 * it: a mean needs readings in {@value #MIN_HOURS} of its {@value #DAY_HOURS} hours. Judges nothing
 * until trained on at least {@value #MIN_TRAINING_HOURS} hours with such means (a model saved before
 * this check existed has no state for it). Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class ColdDayCheck implements PluggedCheck.OwnKindCheck {
  static final int DAY_HOURS = 24;
  static final int MIN_HOURS = 20;
  /** Hours with a day-long mean training must have seen: a day's worth beyond the first one. */
  static final int MIN_TRAINING_HOURS = 24;
  static final double SPREAD_FRACTION = 0.5;
  static final int HELD_READINGS = 5;
  static final long HELD_SECONDS = 3600;

  /** What training learned; null while training, or when it learned too little. */
  private State learned;
  private Training training;

  private final LastDay lastDay = new LastDay();

  private Instant coldSince;
  private int coldReadings;

  /**
   * Saved form: the lowest and highest day-long mean of the training history and the hours (with a
   * day-long mean) they were learned from.
   */
  record State(double lowestDayMean, double highestDayMean, long hours) {}

  static ColdDayCheck restore(State s) {
    ColdDayCheck c = new ColdDayCheck();
    c.learned = usable(s) ? s : null;
    return c;
  }

  private static boolean usable(State s) {
    return s.hours() >= MIN_TRAINING_HOURS && s.highestDayMean() >= s.lowestDayMean();
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  /** A gap needs nothing: the hours it lost have no readings, and a mean counts only hours with some. */
  @Override
  public void restart() {}

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double mean = lastDay.add(r.at(), r.value());
    if (r.training()) {
      if (training == null) {
        training = new Training();
      }
      training.note(r.at(), mean);
      return null;
    }
    finishTraining();
    if (learned == null || Double.isNaN(mean)) {
      return null;
    }
    double limit = limit();
    if (mean >= limit || r.value() >= limit) {
      coldSince = null;
      coldReadings = 0;
      return null;
    }
    if (coldSince == null) {
      coldSince = r.at();
    }
    coldReadings++;
    if (coldReadings < HELD_READINGS || Millis.between(coldSince, r.at()) < HELD_SECONDS * 1000) {
      return null;
    }
    double spread = learned.highestDayMean() - learned.lowestDayMean();
    double score = spread <= 0 ? 1 : Math.min(1, 0.75 + 0.25 * (limit - mean) / spread);
    return new Finding(score, AnomalyKind.DRIFT, Double.NaN, Double.NaN, String.format(Locale.ROOT,
        "mean of the last %d h %.1f, where the history's day-long means lay within %.1f–%.1f", DAY_HOURS, mean,
        learned.lowestDayMean(), learned.highestDayMean()));
  }

  /** The day-long mean below which (with the reading) the day is cold. */
  private double limit() {
    return learned.lowestDayMean() - SPREAD_FRACTION * (learned.highestDayMean() - learned.lowestDayMean());
  }

  private void finishTraining() {
    if (training != null) {
      State s = training.learned();
      learned = usable(s) ? s : null;
      training = null;
    }
  }

  /**
   * The readings of the last {@value ColdDayCheck#DAY_HOURS} clock hours, summed by hour in one bucket
   * per hour of the (UTC) day, and their mean. Only the reading's own bucket changes within an hour, so
   * what the others add is prepared when the hour changes: the buckets before the reading's as one sum,
   * those after it as a packed array. A reading then adds its own bucket to that sum and the later
   * buckets after it, in bucket order as a fresh sum over all 24 did, so the mean is the same to the
   * bit, for up to 23 additions instead of 24 buckets checked and summed. (A running sum kept by adding
   * and subtracting, or in the order of the hours, would differ from that fresh sum in the last bits,
   * and with it the day-long means a model saves.) Not thread-safe.
   */
  static final class LastDay {
    private final long[] hourOf = new long[DAY_HOURS];
    private final double[] sums = new double[DAY_HOURS];
    private final int[] counts = new int[DAY_HOURS];

    /** The hour the fields below are prepared for; the other buckets of its day do not change within it. */
    private long preparedFor = Long.MIN_VALUE;
    /** Sum and count of the buckets with readings before the hour's own, in bucket order. */
    private double headSum;
    private long headCount;
    private int headHours;
    /** The sums of the buckets with readings after the hour's own, in bucket order, and their count. */
    private final double[] tail = new double[DAY_HOURS];
    private int tailLength;
    private long tailCount;

    LastDay() {
      Arrays.fill(hourOf, Long.MIN_VALUE);
    }

    /**
     * Adds the reading to its hour (a NaN value counts in none); returns the mean of the readings of
     * the last {@value ColdDayCheck#DAY_HOURS} hours, NaN when fewer than {@value ColdDayCheck#MIN_HOURS}
     * of them have any.
     */
    double add(Instant at, double value) {
      long hour = Math.floorDiv(at.getEpochSecond(), 3600);
      int slot = (int) Math.floorMod(hour, (long) DAY_HOURS);
      if (hourOf[slot] != hour) {
        hourOf[slot] = hour;
        sums[slot] = 0;
        counts[slot] = 0;
      }
      if (!Double.isNaN(value)) {
        sums[slot] += value;
        counts[slot]++;
      }
      if (hour != preparedFor) {
        prepare(hour, slot);
      }
      int hours = tailLength + (counts[slot] > 0 ? 1 : 0) + headHours;
      if (hours < MIN_HOURS) {
        return Double.NaN;
      }
      double sum = headSum;
      if (counts[slot] > 0) {
        sum += sums[slot];
      }
      for (int k = 0; k < tailLength; k++) {
        sum += tail[k];
      }
      return sum / (headCount + counts[slot] + tailCount);
    }

    /** Sums the buckets before {@code slot} and packs those after it, of the hours within a day of {@code hour}. */
    private void prepare(long hour, int slot) {
      preparedFor = hour;
      headSum = 0;
      headCount = 0;
      headHours = 0;
      tailLength = 0;
      tailCount = 0;
      for (int i = 0; i < DAY_HOURS; i++) {
        if (i == slot || hourOf[i] <= hour - DAY_HOURS || hourOf[i] > hour || counts[i] == 0) {
          continue;
        }
        if (i < slot) {
          headSum += sums[i];
          headCount += counts[i];
          headHours++;
        } else {
          tail[tailLength++] = sums[i];
          tailCount += counts[i];
        }
      }
    }
  }

  /** The extremes of the training history's day-long means, and the hours that had one. */
  private static final class Training {
    private double lowest = Double.POSITIVE_INFINITY;
    private double highest = Double.NEGATIVE_INFINITY;
    private long lastHour = Long.MIN_VALUE;
    private long hours;

    void note(Instant at, double mean) {
      if (Double.isNaN(mean)) {
        return;
      }
      lowest = Math.min(lowest, mean);
      highest = Math.max(highest, mean);
      long hour = Math.floorDiv(at.getEpochSecond(), 3600);
      if (hour != lastHour) {
        lastHour = hour;
        hours++;
      }
    }

    State learned() {
      return new State(lowest, highest, hours);
    }
  }
}
