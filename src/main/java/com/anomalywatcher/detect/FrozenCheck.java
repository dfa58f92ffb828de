package com.anomalywatcher.detect;

/**
 * A value that stops varying where it normally varies: the same reading repeated more often in a
 * row than the sensor's history makes plausible, and at least {@value #MIN_REPEATS} repeats. Two
 * limits, the higher one counts: the sensor's third longest run of repeats in training plus two
 * (one frozen episode in the history does not teach the check that freezing is normal), and the
 * run length its history's tail of runs expects at most once in {@value #HORIZON_HISTORIES}
 * histories ({@link #tailLimit}): a sensor idling at a coarse resolution repeats often, and a week
 * of it holds longer runs than the longest of two weeks now and then. Runs at the bottom of the
 * physical range (a fan standing still all night) are neither learned nor ever frozen. A trained
 * history's limit is also at least that of a level standing still ({@link #flatLimit}): the runs of
 * a level that keeps moving (a heater's sawtooth) understate how long its noise repeats a value
 * where the level stops for a while, which the readings' noise against their resolution tells.
 *
 * <p>A thin history (fewer than {@value #MIN_TAIL_RUNS} runs learned, as a cold detector has after
 * its first dozen readings) has a third limit: the run that the chance to repeat, taken at its upper
 * bound from the readings learned ({@link #thinLimit}), expects at most once in
 * {@value #HORIZON_HISTORIES} such histories. A cold detector also learns, live, the runs that ended
 * before they were frozen, so a heater that settles at its setpoint teaches its repeats instead of
 * freezing at the third. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class FrozenCheck {
  static final int MIN_REPEATS = 3;
  /** Run lengths counted one by one; longer runs share the last count. */
  static final int MAX_RUN = 63;
  /** Runs at least this long in training make a tail to extrapolate from. */
  static final int MIN_TAIL_RUNS = 20;
  /** A frozen limit is a run the history's tail expects at most once in this many histories. */
  static final double HORIZON_HISTORIES = 100;
  /**
   * Repeats added to those seen for the upper bound of the chance to repeat: three, the rule of three
   * (none seen in n readings bounds the chance by 3 / n at 95 %).
   */
  static final double UNSEEN_REPEATS = 3;

  /** The three longest runs of repeats seen in training, longest first. */
  private final int[] longest;
  /** Runs of repeats seen in training, by length (index = repeats, up to {@link #MAX_RUN}). */
  private final int[] runs;
  /** {@link #tailLimit}, or -1 when the runs changed since it was computed. */
  private int tail = -1;
  /** {@link #flatLimit}, or -1 when its counts (readings, steps, longest runs) changed since. */
  private int flat = -1;
  /** Readings above the floor learned from (training, or live by a cold detector); -1 when not counted. */
  private long learned;
  /**
   * Readings (above the floor, as the two before them) that moved by the same step as the one
   * before, and readings that could be compared so; -1 when not counted (an older model).
   */
  private long sameSteps;
  private long steps;
  private int repeats;
  private double last = Double.NaN;
  /** The last reading's step from the one before; NaN when either was at the floor or unknown. */
  private double lastStep = Double.NaN;

  /**
   * Saved form; {@code runs} is null in a model saved before run counts were kept, {@code learned}
   * in one saved before the readings learned were counted (its thin-history limit is off).
   */
  record State(int[] longest, int[] runs, Long learned, Long sameSteps, Long steps) {
    State {
      if (longest.length != 3) {
        throw new IllegalArgumentException("frozen check keeps 3 runs, got " + longest.length);
      }
      if (runs != null && runs.length != MAX_RUN + 1) {
        throw new IllegalArgumentException("frozen check counts " + (MAX_RUN + 1) + " run lengths, got " + runs.length);
      }
      longest = longest.clone();
      runs = runs == null ? null : runs.clone();
    }

    State(int[] longest, int[] runs) {
      this(longest, runs, null, null, null);
    }

    State(int[] longest, int[] runs, Long learned) {
      this(longest, runs, learned, null, null);
    }
  }

  FrozenCheck() {
    this(new int[3], new int[MAX_RUN + 1], 0, 0, 0);
  }

  private FrozenCheck(int[] longest, int[] runs, long learned, long sameSteps, long steps) {
    this.longest = longest;
    this.runs = runs;
    this.learned = learned;
    this.sameSteps = sameSteps;
    this.steps = steps;
  }

  static FrozenCheck restore(State s) {
    boolean stepsKept = s.sameSteps() != null && s.steps() != null;
    return new FrozenCheck(s.longest().clone(), s.runs() == null ? new int[MAX_RUN + 1] : s.runs().clone(),
        s.learned() == null ? -1 : s.learned(), stepsKept ? s.sameSteps() : -1, stepsKept ? s.steps() : -1);
  }

  State state() {
    return new State(longest, runs, learned < 0 ? null : learned, sameSteps < 0 ? null : sameSteps,
        sameSteps < 0 ? null : steps);
  }

  /** Repeats in a row from which a value counts as frozen. */
  int limit() {
    if (tail < 0) {
      tail = tailLimit();
    }
    int limit = Math.max(Math.max(MIN_REPEATS, longest[2] + 2), tail);
    if (tail <= 0) {
      return Math.max(limit, thinLimit());
    }
    if (flat < 0) {
      flat = flatLimit();
    }
    return Math.max(limit, flat);
  }

  /**
   * The limit where the level stands still: the run length that the chance to repeat of a reading
   * whose underlying value does not move, q, reaches at most once in {@value #HORIZON_HISTORIES}
   * histories as long, q^m n H &le; 1 (as {@link #thinLimit}). A history's runs come mostly from
   * where the level moves (a ramp, a thermostat's sawtooth), which makes repeats rarer than where it
   * stops for a while, so they understate how long runs get there; the readings' noise against the
   * resolution tells instead. The chance that a reading moves by the same step as the one before
   * (its second difference is 0) does not depend on a steady slope, and with independent steps of
   * spread s it is that of a repeat with steps of spread s &radic;2: q is &radic;2 times it (the
   * readings inside the two longest runs left out: they may be frozen episodes of the history).
   * Never frozen while q is 1 or more; 0 when the steps were not counted (an older model).
   */
  int flatLimit() {
    if (sameSteps < 0 || steps <= 0 || learned <= 0) {
      return 0;
    }
    long same = sameSteps;
    for (int i = 0; i < 2; i++) {
      same -= Math.max(0, longest[i] - 1);
    }
    double q = Math.sqrt(2) * Math.max(0, same) / steps;
    if (q >= 1) {
      return MAX_RUN;
    }
    if (q <= 0) {
      return 0;
    }
    return (int) Math.min(MAX_RUN, Math.ceil(Math.log(HORIZON_HISTORIES * learned) / Math.log(1 / q)));
  }

  /**
   * The limit of a history too thin for a tail ({@link #tailLimit} gives 0: fewer than {@value
   * #MIN_TAIL_RUNS} runs), which is when {@link #limit} asks: the run length that a chance to
   * repeat of q = (repeats seen + {@value #UNSEEN_REPEATS}) / readings learned reaches at most once
   * in {@value #HORIZON_HISTORIES} histories as long, q^m n H &le; 1; never frozen while q is 1 or
   * more (too few readings to tell). 0 when the readings learned are unknown (an older model). Two
   * weeks of a sensor that never repeated give 2 (the minimum rules); a dozen readings give 6.
   */
  int thinLimit() {
    if (learned < 0) {
      return 0;
    }
    long repeatsSeen = 0;
    for (int r = 1; r <= MAX_RUN; r++) {
      repeatsSeen += (long) runs[r] * r;
    }
    double q = (repeatsSeen + UNSEEN_REPEATS) / Math.max(1, learned);
    if (q >= 1) {
      return MAX_RUN;
    }
    return (int) Math.min(MAX_RUN, Math.ceil(Math.log(HORIZON_HISTORIES * learned) / Math.log(1 / q)));
  }

  /**
   * The run length the history's tail of runs expects at most once in {@value #HORIZON_HISTORIES}
   * histories; 0 with too few runs. Beyond the longest length {@code k} that at least
   * {@value #MIN_TAIL_RUNS} runs reached, the excess lengths of those runs (the two longest left
   * out: a frozen episode in the history) are taken as geometric: the chance to repeat once more is
   * p = e / (1 + e) for their mean excess e, or the mean chance over the lengths up to {@code k} if
   * higher (n of all runs reach {@code k}: p = (n / all)^(1 / (k - 1))), so n runs reaching
   * {@code k} reach {@code k + m} about n p^m times.
   */
  int tailLimit() {
    int reaching = 0;
    int k = MAX_RUN;
    while (k >= 1 && reaching + runs[k] < MIN_TAIL_RUNS) {
      reaching += runs[k--];
    }
    if (k < 1) {
      return 0;
    }
    long n = 0;
    long excess = 0;
    for (int r = k; r <= MAX_RUN; r++) {
      n += runs[r];
      excess += (long) runs[r] * (r - k);
    }
    for (int i = 0; i < 2; i++) { // the two longest runs may be frozen episodes of the history
      int r = Math.min(longest[i], MAX_RUN);
      if (r >= k && n > 1) {
        n--;
        excess -= r - k;
      }
    }
    long all = 0;
    for (int r = 1; r <= MAX_RUN; r++) {
      all += runs[r];
    }
    // the chance to repeat once more: from the tail's mean excess, or on average over the lengths
    // up to k (a tail too short to show a rate of its own), whichever is higher
    double e = Math.max(0, (double) excess / n);
    double p = Math.max(e / (1 + e), k > 1 ? Math.pow((double) n / all, 1.0 / (k - 1)) : 0);
    if (p <= 0 || p >= 1) {
      return p >= 1 ? MAX_RUN : k + 1;
    }
    return k + (int) Math.ceil(Math.log(n * HORIZON_HISTORIES) / Math.log(1 / p));
  }

  /**
   * Notes the reading (training learns how long runs of repeats get; {@code learnLive}, a cold
   * detector, learns the runs that ended before they were frozen); returns whether it is frozen now.
   */
  boolean observe(double value, boolean training, boolean learnLive, double floor) {
    boolean same = value == last;
    boolean learning = training || learnLive;
    if (!same && learning && repeats > 0 && last > floor && (training || repeats < limit())) {
      noteRun(repeats);
    }
    if (learning && learned >= 0 && value > floor) {
      learned++;
      flat = -1;
    }
    double step = value > floor && last > floor ? value - last : Double.NaN;
    // a cold detector learns no step of a run it is calling frozen (as it learns no such run)
    boolean stepLearned = training || learnLive && !(same && repeats + 1 >= limit());
    if (stepLearned && sameSteps >= 0 && !Double.isNaN(step) && !Double.isNaN(lastStep)) {
      steps++;
      flat = -1;
      if (Math.abs(step - lastStep) <= 1e-9 * (Math.abs(value) + Math.abs(last) + 1)) {
        sameSteps++;
      }
    }
    lastStep = step;
    repeats = same ? repeats + 1 : 0;
    last = value;
    return !training && value > floor && repeats >= MIN_REPEATS && repeats >= limit();
  }

  /** Readings in a row equal to the one before. */
  int repeats() {
    return repeats;
  }

  private void noteRun(int run) {
    runs[Math.min(run, MAX_RUN)]++;
    tail = -1;
    flat = -1;
    for (int i = 0; i < longest.length; i++) {
      if (run > longest[i]) {
        System.arraycopy(longest, i, longest, i + 1, longest.length - i - 1);
        longest[i] = run;
        return;
      }
    }
  }
}
