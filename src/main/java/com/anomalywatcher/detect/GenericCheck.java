package com.anomalywatcher.detect;

import static com.anomalywatcher.detect.Robust.quantile;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;
import java.util.Arrays;

/**
 * The domain check of a sensor the watcher has no equipment model for: it assumes no schedule and
 * no category, only what the sensor's own recent history shows.
 *
 * <ul>
 *   <li><b>Level</b>: the range of the last {@value #MEMORY} values (robust: 0.2 % and
 *       99.8 % quantiles), widened by the sensor's noise (from its step sizes), by 5 % of the range
 *       and by half its own tail (so a heavy-tailed series is not flagged for its usual bursts).
 *       Values beyond twice that margin score 1. It learns every reading, anomalous or not: a
 *       drifting level follows along, a new level is accepted after a few dozen readings (the
 *       incident opens at its first one), and a heavy-tailed series learns its own bursts.
 *   <li><b>Unseen</b>: a value beyond the lowest or highest remembered one by more than {@value
 *       #UNSEEN_FRACTION} of their span scores at least 0.75, however wide the level margins are
 *       (on a bursty series they allow for half its tail, so a burst far past every earlier burst
 *       scored below an alert). Learned like every reading: a new extreme widens the span.
 *   <li><b>Frozen</b>: the same value repeated three times longer than ever seen, at least {@value
 *       #MIN_FROZEN_READINGS} readings, by a sensor whose value normally changes at every reading,
 *       after {@value #FROZEN_HISTORY} readings of history.
 *   <li><b>Cold day</b> (analog): the mean of the last 24 h far below the day-long means the
 *       history showed ({@link ColdDayCheck#forGeneric}): a machine that fails slowly stays all day in
 *       a range its ordinary days visit only briefly, so no reading is unseen (NAB's machine
 *       temperature, 2014-01-28). Its expected range is none: the detail names the day-long means.
 * </ul>
 *
 * A silence is not judged here: the monitor's offline alert ({@code Silence}) knows the sensor's
 * interval, its usual runs of lost readings and whether the whole feed was down. This check used
 * to score the first reading after a gap far longer than any seen 0.75 as a {@code drift}: an
 * alert whose value lay inside its expected range (so its explanation showed none and named a
 * drift that was not there), opened after the monitor's own offline alert had resolved, or when
 * the feed as a whole had stopped (NAB's exchange-2 ad feeds, 2011-09-01 18:00 to 09-02 15:00;
 * the ambient temperature's outages).
 *
 * An expected range never leaves what the sensor has shown, widened by its noise. For a digital
 * sensor the level check allows exactly the states seen. Not thread-safe: owned by its detector.
 */
final class GenericCheck {
  /** Values (and steps) the level check remembers. */
  static final int MEMORY = 4096;
  static final int MIN_FROZEN_READINGS = 60;
  /** Learned readings before the frozen check speaks: long enough to have seen the sensor's usual runs. */
  static final int FROZEN_HISTORY = 1000;
  /** Learned readings before the checks speak. */
  static final int MIN_HISTORY = 100;
  private static final int REFRESH_EVERY = 64;
  private static final double LOW_QUANTILE = 0.002;
  private static final double HIGH_QUANTILE = 0.998;
  private static final double TAIL_QUANTILE = 0.05;
  private static final double TAIL_WEIGHT = 0.5;
  private static final double NOISE_SIGMAS = 4;
  private static final double RANGE_FRACTION = 0.05;
  /** An expected range reaches at most this fraction of the shown range beyond it (or the noise, if less). */
  private static final double SHOWN_WIDENING = 0.025;
  private static final double FROZEN_SCORE = 0.8;
  /** How far beyond the lowest or highest remembered value, as a fraction of their span, a reading is unseen. */
  static final double UNSEEN_FRACTION = 0.15;
  /** The score of an unseen value the level check scored lower: above the monitor's default alert level. */
  private static final double UNSEEN_SCORE = 0.75;

  private final SensorDescription sensor;
  /** The day-long means of an analog sensor's training history and of its last day, null for a digital one. */
  private final ColdDayCheck coldDay;
  private final double[] values;
  /** Hour since the epoch of each remembered value (in the sensor's zone), -1 when unknown. */
  private final int[] hours;
  private final double[] steps;
  private int valueCount;
  private int valuePos;
  private int stepCount;
  private int stepPos;
  private long learned;
  private int longestRun;
  // Running context (not saved: a restored detector re-learns it by replay).
  private double last = Double.NaN;
  private int run;
  private int sinceRefresh = Integer.MAX_VALUE;
  private double lo;
  private double hi;
  private double marginLow;
  private double marginHigh;
  /** Lowest and highest remembered values, and how far an expected range may reach beyond them. */
  private double minSeen;
  private double maxSeen;
  private double shownWidening;
  /** Typical size of a step between readings (robust sigma of the noise), 0 for a quantised sensor. */
  private double noise;
  /** The daily or weekly profile the history shows, null when it shows none: lo, hi and margins are then around it. */
  private Rhythm rhythm;

  /**
   * Saved form: the remembered values (with the hour of each, null in models saved before
   * rhythms) and steps, oldest first, and the longest run seen. Models saved before 2026-12-04 also
   * hold the longest and typical gap of the offline check this no longer has: ignored on loading.
   */
  record State(double[] values, double[] steps, long learned, int longestRun, int[] hours,
      ColdDayCheck.State coldDay) {}

  GenericCheck(SensorDescription sensor) {
    this(sensor, sensor.isDigital() ? null : ColdDayCheck.forGeneric(null));
  }

  private GenericCheck(SensorDescription sensor, ColdDayCheck coldDay) {
    this.sensor = sensor;
    this.coldDay = coldDay;
    this.values = new double[MEMORY];
    this.hours = new int[MEMORY];
    this.steps = new double[MEMORY];
  }

  static GenericCheck restore(SensorDescription sensor, State s) {
    // a model saved before the cold-day check has no state for it: the check judges nothing until retrained
    GenericCheck g = new GenericCheck(sensor, sensor.isDigital() ? null
        : ColdDayCheck.forGeneric(s.coldDay()));
    int[] h = s.hours() != null && s.hours().length == s.values().length ? s.hours() : null;
    for (int i = 0; i < s.values().length; i++) {
      g.remember(s.values()[i], h == null ? -1 : h[i]);
    }
    for (double d : s.steps()) {
      g.rememberStep(d);
    }
    g.learned = s.learned();
    g.longestRun = s.longestRun();
    return g;
  }

  State state() {
    int[] h = new int[valueCount];
    int start = valueCount < MEMORY ? 0 : valuePos;
    for (int i = 0; i < valueCount; i++) {
      h[i] = hours[(start + i) % MEMORY];
    }
    return new State(ordered(values, valueCount, valuePos), ordered(steps, stepCount, stepPos), learned, longestRun,
        h, coldDay == null ? null : coldDay.state());
  }

  /** Judges the reading (when {@code ready} and not {@code training}), then learns it. */
  Detection observe(Instant at, double value, boolean training, boolean ready) {
    refreshIfDue();
    Detection d = training || !ready || learned < MIN_HISTORY ? quiet(at) : judge(at, value);
    PluggedCheck.Finding day = coldDay == null ? null : coldDay.judge(
        new PluggedCheck.Reading(at, value, sensor, training, false, null, false, 0, 0, 0, 0), d.score(), false);
    learn(at, value);
    if (day != null && !training && ready && day.score() > d.score()) {
      // the day as a whole is the finding: no range of single readings explains it, the detail does
      return new Detection(day.score(), day.kind(), Double.NaN, Double.NaN, true, Double.NaN, day.detail());
    }
    return d;
  }

  private Detection quiet(Instant at) {
    double usual = usualLevel(at);
    return new Detection(0, null, expectedLow(usual), expectedHigh(usual), true);
  }

  private Detection judge(Instant at, double value) {
    double usual = usualLevel(at);
    double level = levelScore(value - usual);
    AnomalyKind kind = level > 0 ? (value - usual > hi ? AnomalyKind.SPIKE : AnomalyKind.DROP) : null;
    double score = level;
    if (score < UNSEEN_SCORE && isUnseen(value)) {
      score = UNSEEN_SCORE;
      kind = value > maxSeen ? AnomalyKind.SPIKE : AnomalyKind.DROP;
    }
    if (isFrozen(value) && FROZEN_SCORE > score) {
      score = FROZEN_SCORE;
      kind = sensor.isDigital() ? (value >= 0.5 ? AnomalyKind.STUCK_ON : AnomalyKind.STUCK_OFF) : AnomalyKind.DRIFT;
    }
    return new Detection(score, kind, expectedLow(usual), expectedHigh(usual), true);
  }

  /** The rhythm's level at {@code at}, 0 without a rhythm (lo and hi are then the values' own). */
  private double usualLevel(Instant at) {
    return rhythm == null ? 0 : rhythm.level(Rhythm.hourOfWeek(at, sensor.zone()));
  }

  /** 0 inside the widened range, rising to 1 at twice the margin beyond it. */
  private double levelScore(double value) {
    double excess;
    if (value > hi) {
      excess = (value - hi) / marginHigh;
    } else if (value < lo) {
      excess = (lo - value) / marginLow;
    } else {
      return 0;
    }
    return excess <= 1 ? 0 : Math.min(1, excess - 1);
  }

  /**
   * A value beyond everything the remembered history showed by a good part of its span. The level
   * check's margins allow for a heavy tail (half of it), so on a bursty series a burst that
   * reaches far past every burst before it still scored below an alert (NAB's
   * ec2_network_in_5abac7: 6.5e6 and 8.3e6 bytes after a week whose highest was 5.6e6; the
   * margin was 2.5e6).
   */
  private boolean isUnseen(double value) {
    double span = maxSeen - minSeen;
    return !sensor.isDigital() && span > 0
        && (value > maxSeen + UNSEEN_FRACTION * span || value < minSeen - UNSEEN_FRACTION * span);
  }

  /** Repeats of a sensor whose value normally changes at every reading (a quantised one repeats anyway). */
  private boolean isFrozen(double value) {
    return noise > 0 && learned >= FROZEN_HISTORY && sameAsLast(value)
        && run + 1 > Math.max(MIN_FROZEN_READINGS, 3 * longestRun);
  }

  private boolean sameAsLast(double value) {
    return !Double.isNaN(last) && Math.abs(value - last) <= 1e-12 * Math.max(1, Math.abs(value));
  }

  private void learn(Instant at, double value) {
    if (!Double.isNaN(last)) {
      rememberStep(Math.abs(value - last));
    }
    remember(value, epochHour(at));
    if (sameAsLast(value)) {
      run++;
    } else {
      // a run counts once it ended: a frozen sensor does not raise its own limit
      longestRun = Math.max(longestRun, run);
      run = 1;
    }
    last = value;
    sinceRefresh = sinceRefresh == Integer.MAX_VALUE ? sinceRefresh : sinceRefresh + 1;
    learned++;
  }

  /** Hours since the epoch, in the sensor's zone (its hour of the week is this plus 3 days, modulo a week). */
  private int epochHour(Instant at) {
    long offset = sensor.zone() == null ? 0 : sensor.zone().getRules().getOffset(at).getTotalSeconds();
    return (int) Math.floorDiv(at.getEpochSecond() + offset, 3600);
  }

  private void remember(double v, int hour) {
    values[valuePos] = v;
    hours[valuePos] = hour;
    valuePos = (valuePos + 1) % MEMORY;
    valueCount = Math.min(MEMORY, valueCount + 1);
  }

  private void rememberStep(double d) {
    steps[stepPos] = d;
    stepPos = (stepPos + 1) % MEMORY;
    stepCount = Math.min(MEMORY, stepCount + 1);
  }

  private void refreshIfDue() {
    if (valueCount == 0 || sinceRefresh < REFRESH_EVERY) {
      return;
    }
    sinceRefresh = 0;
    double[] shown = Arrays.copyOf(values, valueCount);
    Arrays.sort(shown);
    minSeen = shown[0];
    maxSeen = shown[shown.length - 1];
    rhythm = sensor.isDigital() ? null : learnRhythm();
    double[] sorted = shown;
    if (rhythm != null) {
      // The level check then looks at what is left after the usual level of the hour.
      sorted = new double[valueCount];
      for (int i = 0; i < valueCount; i++) {
        sorted[i] = values[i] - rhythm.level(hourOfWeek(hours[i]));
      }
      Arrays.sort(sorted);
    }
    lo = quantile(sorted, LOW_QUANTILE);
    hi = quantile(sorted, HIGH_QUANTILE);
    noise = 0;
    if (stepCount > 0) {
      double[] s = Arrays.copyOf(steps, stepCount);
      Arrays.sort(s);
      noise = Robust.noiseFromMedianStep(quantile(s, 0.5));
    }
    shownWidening = Math.min(noise, SHOWN_WIDENING * (maxSeen - minSeen));
    if (sensor.isDigital()) {
      marginLow = marginHigh = 0.25;
      shownWidening = 0;
      return;
    }
    double base = Math.max(NOISE_SIGMAS * noise, RANGE_FRACTION * (hi - lo));
    base = Math.max(base, 1e-9 * Math.max(1, Math.abs(hi)));
    marginHigh = Math.max(base, TAIL_WEIGHT * (hi - quantile(sorted, 1 - TAIL_QUANTILE)));
    marginLow = Math.max(base, TAIL_WEIGHT * (quantile(sorted, TAIL_QUANTILE) - lo));
  }

  /** The rhythm of the remembered values, when they show one and every hour of them is known. */
  private Rhythm learnRhythm() {
    int[] hourOfWeek = new int[valueCount];
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    for (int i = 0; i < valueCount; i++) {
      if (hours[i] < 0) {
        return null;
      }
      hourOfWeek[i] = hourOfWeek(hours[i]);
      first = Math.min(first, hours[i]);
      last = Math.max(last, hours[i]);
    }
    return Rhythm.learn(values, hourOfWeek, valueCount, (last - first) / 24.0);
  }

  private static int hourOfWeek(int epochHour) {
    // 1970-01-01 was a Thursday: 3 days after a Monday
    return Math.floorMod(epochHour + 3 * 24, Rhythm.HOURS_PER_WEEK);
  }

  /**
   * Low end of the expected range: the usual level (of the hour, with a rhythm) plus the lowest
   * usual deviation less the margin, but never below the lowest value shown less its noise (the
   * margin may be wider: it also allows for the tail), and within the physical range.
   */
  private double expectedLow(double usual) {
    return valueCount == 0 ? Double.NaN
        : sensor.clamp(Math.min(maxSeen, Math.max(usual + lo - marginLow, minSeen - shownWidening)));
  }

  private double expectedHigh(double usual) {
    return valueCount == 0 ? Double.NaN
        : sensor.clamp(Math.max(minSeen, Math.min(usual + hi + marginHigh, maxSeen + shownWidening)));
  }


  private static double[] ordered(double[] ring, int count, int pos) {
    double[] out = new double[count];
    int start = count < ring.length ? 0 : pos;
    for (int i = 0; i < count; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return out;
  }
}
