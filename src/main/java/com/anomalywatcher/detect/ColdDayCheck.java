package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.ArrayDeque;
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
  /**
   * Hours with a day-long mean a generic sensor's training must have seen: six days beyond the first,
   * so that the history holds the days of most of a week, not one quiet day's worth of means.
   */
  static final int MIN_GENERIC_TRAINING_HOURS = 144;
  static final double SPREAD_FRACTION = 0.5;
  static final int HELD_READINGS = 5;
  static final long HELD_SECONDS = 3600;

  /** What training learned; null while training, or when it learned too little. */
  private State learned;
  private Training training;

  private final long[] hourOf = new long[DAY_HOURS];
  private final double[] sums = new double[DAY_HOURS];
  private final int[] counts = new int[DAY_HOURS];

  private Instant coldSince;
  private int coldReadings;
  /** A generic sensor's check: rolling history, one alert per cold stretch (see {@link #forGeneric}). */
  private final boolean rolling;
  private boolean alerting;
  /** Whether the current cold stretch (the day-long mean below the limit) has alerted already. */
  private boolean spent;
  /** Day-long means of the live readings, one per hour, not yet a day old (rolling only). */
  private final ArrayDeque<double[]> pending = new ArrayDeque<>();
  /** Day-long means of the live readings at least a day old, as many hours as training had (rolling only). */
  private final ArrayDeque<double[]> recent = new ArrayDeque<>();
  /**
   * The lowest and highest of {@link #recent} (infinite while it is empty), kept as it changes: it
   * changes once an hour, they are asked at every reading.
   */
  private double recentLowest = Double.POSITIVE_INFINITY;
  private double recentHighest = Double.NEGATIVE_INFINITY;
  private long lastLiveHour = Long.MIN_VALUE;

  /**
   * Saved form: the lowest and highest day-long mean of the training history and the hours (with a
   * day-long mean) they were learned from.
   */
  record State(double lowestDayMean, double highestDayMean, long hours) implements LearnedState {
    @Override
    public boolean usable() {
      return hours >= MIN_TRAINING_HOURS && highestDayMean >= lowestDayMean;
    }
  }

  ColdDayCheck(State learned) {
    this(learned, false);
  }

  private ColdDayCheck(State learned, boolean rolling) {
    this.rolling = rolling;
    this.learned = fits(learned) ? learned : null;
    Arrays.fill(hourOf, Long.MIN_VALUE);
  }

  /**
   * The check of a sensor of no known kind ({@link GenericCheck}), fresh ({@code saved} null) or
   * restored. Such a sensor may settle at a new level for weeks (an ad exchange's cost per click, a
   * server's load) where a heater's cold day ends, and its history may be a few days: so it judges
   * only after {@value #MIN_GENERIC_TRAINING_HOURS} training hours with day-long means, compares the
   * day with the day-long means of as many recent hours as training had (each once a day old; until
   * there are that many, the training's extremes count too) and at least the training's spread, and
   * alerts once per cold stretch: not again until the day-long mean is back above the limit.
   */
  static ColdDayCheck forGeneric(State saved) {
    return new ColdDayCheck(saved, true);
  }

  /** Whether a learned state is enough to judge by: usable, and for a generic sensor a week's hours. */
  private boolean fits(State s) {
    return s != null && s.usable() && (!rolling || s.hours() >= MIN_GENERIC_TRAINING_HOURS);
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
    double mean = add(r.at(), r.value());
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
    if (rolling) {
      learnLive(r.at(), mean);
    }
    double limit = limit();
    if (mean >= limit) {
      spent = false;
    }
    if (rolling && spent && !alerting) {
      return null;
    }
    if (mean >= limit || r.value() >= limit) {
      spent = spent || alerting;
      coldSince = null;
      coldReadings = 0;
      alerting = false;
      return null;
    }
    if (coldSince == null) {
      coldSince = r.at();
    }
    coldReadings++;
    if (coldReadings < HELD_READINGS || Millis.between(coldSince, r.at()) < HELD_SECONDS * 1000) {
      return null;
    }
    alerting = true;
    double spread = spread();
    double score = spread <= 0 ? 1 : Math.min(1, 0.75 + 0.25 * (limit - mean) / spread);
    return new Finding(score, AnomalyKind.DRIFT, Double.NaN, Double.NaN, String.format(Locale.ROOT,
        "mean of the last %d h %.1f, where the history's day-long means lay within %.1f–%.1f", DAY_HOURS, mean,
        lowest(), highest()));
  }

  /** The day-long mean below which (with the reading) the day is cold. */
  private double limit() {
    return lowest() - SPREAD_FRACTION * spread();
  }

  /** The spread of the day-long means compared with; a rolling check's never narrower than training's. */
  private double spread() {
    double training = learned.highestDayMean() - learned.lowestDayMean();
    return rolling ? Math.max(highest() - lowest(), training) : training;
  }

  /** One day-long mean per hour, learned once a day old, kept for as many hours as training had. */
  private void learnLive(Instant at, double mean) {
    long hour = Math.floorDiv(at.getEpochSecond(), 3600);
    if (hour != lastLiveHour) {
      lastLiveHour = hour;
      pending.addLast(new double[] {hour, mean});
    }
    boolean moved = false;
    while (!pending.isEmpty() && pending.peekFirst()[0] <= hour - DAY_HOURS) {
      recent.addLast(pending.pollFirst());
      if (recent.size() > learned.hours()) {
        recent.pollFirst();
      }
      moved = true;
    }
    if (moved) {
      recentLowest = Double.POSITIVE_INFINITY;
      recentHighest = Double.NEGATIVE_INFINITY;
      for (double[] w : recent) {
        recentLowest = Math.min(recentLowest, w[1]);
        recentHighest = Math.max(recentHighest, w[1]);
      }
    }
  }

  /** The lowest day-long mean compared with: training's, or (rolling) the recent hours' once as many. */
  private double lowest() {
    return rolling && recent.size() >= learned.hours() ? recentLowest
        : Math.min(learned.lowestDayMean(), recentLowest);
  }

  private double highest() {
    return rolling && recent.size() >= learned.hours() ? recentHighest
        : Math.max(learned.highestDayMean(), recentHighest);
  }

  /** Adds the reading to its hour; returns the mean of the last {@value #DAY_HOURS} hours, NaN when too few have readings. */
  private double add(Instant at, double value) {
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
    double sum = 0;
    long n = 0;
    int hours = 0;
    for (int i = 0; i < DAY_HOURS; i++) {
      if (hourOf[i] > hour - DAY_HOURS && hourOf[i] <= hour && counts[i] > 0) {
        sum += sums[i];
        n += counts[i];
        hours++;
      }
    }
    return hours >= MIN_HOURS ? sum / n : Double.NaN;
  }

  private void finishTraining() {
    if (training != null) {
      State s = training.learned();
      learned = fits(s) ? s : null;
      training = null;
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
