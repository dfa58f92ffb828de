package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;

/**
 * The held-step check of a running fan: its speed stepping away from a steady level and holding
 * there ({@value #HELD} readings, {@link LevelShift}) by more than the fan's own steps ever get, but
 * by far less than a change of speed setting. The residual and held-step checks of {@link
 * AnalogCheck} cannot see such a step: a second speed is a step of a fifth or more of the rotor's
 * speed, so their tolerances are set by it, while an overspeed or a spike of a few percent passes.
 *
 * <p>Judged only while the switch has been on for longer than a spin-up and the readings before
 * the step were steady: their spread at most {@value #QUIET_SPREAD} times its median in training.
 * From training (and, for a cold detector, from readings judged normal) it learns the largest
 * shift of each held step from a steady level ("events"). Their sizes form the fan's own jitter
 * (the bulk, from the median event upward until a gap of more than {@value #GAP_BINS} bins of
 * {@value #BINS_PER_DECADE} per decade, a factor of about 1.8) and, above the gap, changes of speed
 * setting. The tolerance is the bulk's largest event once the {@value #TRIMMED} largest are left
 * out (an overspeed in the history does not teach that overspeeds are normal); a step alerts from
 * {@link StepCheck#RATIO} times the tolerance up to the smallest speed change divided by that ratio;
 * a fan that never changed speed in training is not judged (how large its deliberate changes are is
 * unknown: on a holdout week, seed 7, such a fan's first second speed of the week was the check's
 * one false alert).
 * A step back to a level held before (the end of an excursion) opens nothing.
 *
 * <p>A restored check only reads its histograms (a trained detector keeps them as trained): it holds
 * each as a {@link CountWindow} of its few non-zero bins, and copies them back into arrays should it
 * learn. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class FanStepCheck implements PluggedCheck.OwnKindCheck {
  static final int HELD = StepCheck.LONG_HELD;
  static final double FLATNESS = StepCheck.LONG_FLATNESS;
  static final double QUIET_SPREAD = 2;
  static final int BINS_PER_DECADE = 40;
  /** Log bins from 0.01 up to 10^7 in the sensor's unit. */
  static final int BINS = 9 * BINS_PER_DECADE;
  static final int GAP_BINS = 10;
  static final int TRIMMED = 2;
  /** Changes of speed setting (events above the gap) learned before the check judges. */
  static final int MIN_SPEED_CHANGES = 1;
  /** Held-step events learned before the check judges. */
  static final int MIN_EVENTS = 20;

  private final LevelShift shift = new LevelShift(HELD, FLATNESS);
  /** Baseline spreads while steady, and the largest shift of each event, by log bin; null while restored. */
  private long[] spreads;
  private long[] events;
  /** A restored check's histograms, null once it learns (or when a count does not fit an int). */
  private CountWindow restoredSpreads;
  private CountWindow restoredEvents;
  private int steadyReadings;
  private double eventMax;
  private double tolerance = Double.NaN;
  private double speedChange = Double.NaN;
  private double quietSpread = Double.NaN;

  /** Saved form: the learned histograms (bin i holds [10^(i/40 - 2), 10^((i+1)/40 - 2))). */
  record State(long[] spreads, long[] events) {
    State {
      if (spreads.length != BINS || events.length != BINS) {
        throw new IllegalArgumentException("fan step check keeps " + BINS + " bins, got " + spreads.length
            + " and " + events.length);
      }
      spreads = spreads.clone();
      events = events.clone();
    }
  }

  FanStepCheck() {
    this(new long[BINS], new long[BINS]);
  }

  private FanStepCheck(long[] spreads, long[] events) {
    this.spreads = spreads;
    this.events = events;
  }

  static FanStepCheck restore(State s) {
    CountWindow spreads = CountWindow.of(s.spreads());
    CountWindow events = CountWindow.of(s.events());
    if (spreads == null || events == null) {
      return new FanStepCheck(s.spreads().clone(), s.events().clone());
    }
    FanStepCheck c = new FanStepCheck(null, null);
    c.restoredSpreads = spreads;
    c.restoredEvents = events;
    return c;
  }

  @Override
  public State state() {
    return spreads != null ? new State(spreads, events)
        : new State(restoredSpreads.toLongs(BINS), restoredEvents.toLongs(BINS));
  }

  private long spread(int bin) {
    return spreads != null ? spreads[bin] : restoredSpreads.get(bin);
  }

  private long event(int bin) {
    return events != null ? events[bin] : restoredEvents.get(bin);
  }

  private long eventCount() {
    long n = 0;
    for (int i = 0; i < BINS; i++) {
      n += event(i);
    }
    return n;
  }

  /** Forgets the recent readings (after a gap). */
  @Override
  public void restart() {
    shift.restart();
    steadyReadings = 0;
    eventMax = 0;
  }

  /**
   * A running fan's speed stepped to a level it holds, by more than its own steps get but less than
   * a change of speed setting: an overspeed above the level it left, a slowing rotor below it.
   * Learns in training, and live (cold start) from readings judged normal so far.
   */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double step = observe(r.value(), r.steadyOn(),
        r.training() || (r.learnLive() && !incidentOpen && scoreSoFar < 0.5));
    if (r.training() || step == 0) {
      return null;
    }
    double score = Math.min(1, Math.abs(step) / tolerance() / AnalogCheck.FULL_SCORE_RATIO);
    AnomalyKind kind = step > 0 ? AnomalyKind.OVERSPEED : AnomalyKind.STALL;
    double band = tolerance();
    return new Finding(score, kind, r.value() - step - band, r.value() - step + band);
  }

  /**
   * Notes a reading; returns the signed held step it completes that the check judges anomalous, or
   * 0. Learns when {@code learn} is set.
   *
   * @param steadyOn the fan switch has been on for longer than a spin-up
   */
  double observe(double value, boolean steadyOn, boolean learn) {
    double s = shift.observe(value);
    steadyReadings = steadyOn ? steadyReadings + 1 : 0;
    if (steadyReadings <= HELD + LevelShift.BEFORE) { // the baseline reaches back before steady running
      eventMax = 0;
      return 0;
    }
    double spread = shift.baselineSpread();
    boolean quiet = s != 0 && isLearned() && spread <= QUIET_SPREAD * quietSpread();
    if (learn) {
      learn(s, spread);
    }
    if (!quiet || !isLearned()) {
      return 0;
    }
    double size = Math.abs(s);
    boolean judged = size >= StepCheck.RATIO * tolerance() && size * StepCheck.RATIO < speedChange
        && !shift.isReturn(value, tolerance());
    return judged ? s : 0;
  }

  private void learn(double s, double spread) {
    if (spreads == null) {
      spreads = restoredSpreads.toLongs(BINS);
      events = restoredEvents.toLongs(BINS);
      restoredSpreads = null;
      restoredEvents = null;
    }
    spreads[bin(spread)]++;
    quietSpread = Double.NaN;
    boolean quietShift = s != 0 && spread <= QUIET_SPREAD * quietSpread();
    if (quietShift) {
      eventMax = Math.max(eventMax, Math.abs(s));
    } else if (eventMax > 0) {
      events[bin(eventMax)]++;
      eventMax = 0;
      tolerance = Double.NaN;
    }
  }

  private boolean isLearned() {
    return eventCount() >= MIN_EVENTS && Double.isFinite(tolerance());
  }

  /** The median baseline spread learned (upper edge of its bin). */
  private double quietSpread() {
    if (Double.isNaN(quietSpread)) {
      long n = 0;
      for (int i = 0; i < BINS; i++) {
        n += spread(i);
      }
      long seen = 0;
      quietSpread = 0;
      for (int i = 0; i < BINS && n > 0; i++) {
        seen += spread(i);
        if (2 * seen >= n) {
          quietSpread = upper(i);
          break;
        }
      }
    }
    return quietSpread;
  }

  /** The fan's own largest held step (trimmed; the middle of its bin); finds the speed changes too. */
  double tolerance() {
    if (Double.isNaN(tolerance)) {
      learnLimits();
    }
    return tolerance;
  }

  private void learnLimits() {
    long n = eventCount();
    tolerance = Double.POSITIVE_INFINITY;
    speedChange = Double.POSITIVE_INFINITY;
    if (n == 0) {
      return;
    }
    int top = 0;
    for (long seen = 0; top < BINS; top++) { // the median event's bin
      seen += event(top);
      if (2 * seen >= n) {
        break;
      }
    }
    int next = nextNonEmpty(top + 1);
    while (next < BINS && next - top <= GAP_BINS) {
      top = next;
      next = nextNonEmpty(top + 1);
    }
    long changes = 0;
    for (int i = next; i < BINS; i++) {
      changes += event(i);
    }
    // without changes of speed seen in training, their size is unknown: the check stays silent
    speedChange = changes >= MIN_SPEED_CHANGES ? lower(next) : 0;
    long skip = TRIMMED;
    int i = top;
    while (i > 0 && skip >= event(i)) {
      skip -= event(i);
      i = prevNonEmpty(i - 1);
    }
    tolerance = middle(Math.max(i, 0));
  }

  private int nextNonEmpty(int from) {
    int i = from;
    while (i < BINS && event(i) == 0) {
      i++;
    }
    return i;
  }

  private int prevNonEmpty(int from) {
    int i = from;
    while (i > 0 && event(i) == 0) {
      i--;
    }
    return i;
  }

  private static int bin(double x) {
    if (!(x > 0.01)) {
      return 0;
    }
    return (int) Math.min(BINS - 1, Math.floor((Math.log10(x) + 2) * BINS_PER_DECADE));
  }

  private static double lower(int bin) {
    return Math.pow(10, (double) bin / BINS_PER_DECADE - 2);
  }

  private static double middle(int bin) {
    return Math.pow(10, (bin + 0.5) / BINS_PER_DECADE - 2);
  }

  private static double upper(int bin) {
    return lower(bin + 1);
  }
}
