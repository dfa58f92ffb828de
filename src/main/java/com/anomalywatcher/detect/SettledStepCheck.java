package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * A step away from a settled level, measured in the noise of that level: the held-step check of an
 * oven or heater for steps the other checks measure against the wrong scale. An oven idling at room
 * temperature moves by tenths of a degree from reading to reading, one holding its setpoint by about
 * half a degree; but its one-step tolerance is set by door openings and warm-ups (10–80 degrees a
 * reading) and {@link StepCheck}'s least tolerance by the noise of the whole day, ramps included. So
 * a held spike or drop of 1.5–8 degrees passes both, although it is many times what the oven does
 * while settled.
 *
 * <p>The statistic: the shift the last {@value #HELD} readings hold from the {@value
 * LevelShift#BEFORE} before them ({@link LevelShift}, flatness 1, no ramp), divided by the baseline's
 * own noise — the second largest reading-to-reading step among those baseline readings (one glitch
 * does not set it), never below the sensor's resolution (its smallest step seen). It counts only when
 * the held readings lie within {@value #HELD_SPREAD} such noise widths of each other: a door opening
 * recovering, a warm-up or a cool-down moves by many noise widths within five readings, a fault's
 * plateau does not; and a baseline with a door opening or a ramp in it has a large noise, so what
 * follows it scores little. Learned like the other profiles: the second largest ratio of each sign
 * per local 10-minute slot ({@link ToleranceProfile}), read over {@value #NEIGHBOUR_SLOTS} slots on
 * either side; a shift alerts at {@link StepCheck#RATIO} times that, and never below
 * {@value #LEAST_RATIO} noise widths. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class SettledStepCheck implements PluggedCheck.HeldStepCheck {
  static final int HELD = 5;
  /** How many baseline noise widths the held readings may spread over. */
  static final double HELD_SPREAD = 3;
  /** Least ratio of shift to baseline noise that may alert, whatever the history learned. */
  static final double LEAST_RATIO = 3;
  static final int NEIGHBOUR_SLOTS = StepCheck.NEIGHBOUR_SLOTS;
  /** Least share of the held readings' furthest distance from the baseline that the first step covers. */
  static final double SUDDEN = 0.75;
  static final int MIN_LEARNED = 1000;
  private static final int SPAN = HELD + LevelShift.BEFORE;

  private final ToleranceProfile ratios;
  private final LevelShift shift = new LevelShift(HELD, 1);
  private final double[] window = new double[SPAN];
  private int head;
  private int size;
  /** The smallest non-zero reading-to-reading step seen: the sensor's resolution. */
  private double resolution;
  private double ratio;
  private double shiftValue;

  /** Saved form. */
  record State(ToleranceProfile.State ratios, double resolution) {}

  SettledStepCheck(DayClock clock) {
    this(new ToleranceProfile(clock), 0);
  }

  private SettledStepCheck(ToleranceProfile ratios, double resolution) {
    this.ratios = ratios;
    this.resolution = resolution;
  }

  /** Restores a saved check, sharing arrays alike with the other checks of its detector. */
  static SettledStepCheck restore(DayClock clock, State s, SharedArrays shared) {
    return new SettledStepCheck(ToleranceProfile.restore(clock, s.ratios(), shared), s.resolution());
  }

  @Override
  public State state() {
    return new State(ratios.state(), resolution);
  }

  /** Forgets the recent readings (after a gap). */
  @Override
  public void restart() {
    shift.restart();
    size = 0;
    head = 0;
    ratio = 0;
    shiftValue = 0;
  }

  /** Adds a reading (every reading, in time order); {@code training} also learns the resolution. */
  void observe(double value, boolean training) {
    if (training && size > 0) {
      double step = Math.abs(value - at(size - 1));
      if (step > 0 && (resolution == 0 || step < resolution)) {
        resolution = step;
      }
    }
    window[head] = value;
    head = (head + 1) % SPAN;
    size = Math.min(size + 1, SPAN);
    shiftValue = shift.observe(value);
    ratio = size < SPAN || shiftValue == 0 || shift.isRamp() ? 0 : measure();
  }

  /** Learns the last reading's ratio as normal at its time of day. */
  @Override
  public void note(Reading r) {
    observe(r.value(), r.training());
  }

  @Override
  public StepCheck.Step heldStep(Reading r, Quiet q) {
    return judge(r.at(), r.value(), q.sinceAlert());
  }

  @Override
  public void learn(Instant at) {
    ratios.learn(at, ratio);
  }

  /**
   * The step the last reading completes, or null: none while fewer than {@value #MIN_LEARNED}
   * ratios are learned, within {@link StepCheck#QUIET_AFTER_ALERT} readings after an alert (that
   * incident ending), or back at a level held before.
   */
  StepCheck.Step judge(Instant at, double value, int readingsSinceAlert) {
    if (ratio == 0 || ratios.count() < MIN_LEARNED || readingsSinceAlert < StepCheck.QUIET_AFTER_ALERT) {
      return null;
    }
    double learned = Math.max(LEAST_RATIO, ratios.slotTolerance(at, ratio, NEIGHBOUR_SLOTS));
    if (Math.abs(ratio) < StepCheck.RATIO * learned) {
      return null;
    }
    double noise = Math.abs(shiftValue / ratio);
    if (shift.isReturn(value, 2 * noise)) {
      return null;
    }
    return new StepCheck.Step(shiftValue, shift.baseline(), learned * noise);
  }

  /** The held shift in baseline noise widths, 0 when the held readings spread too far. */
  private double measure() {
    double first = Double.NaN;
    double second = 0;
    for (int i = 1; i < LevelShift.BEFORE; i++) {
      double step = Math.abs(at(i) - at(i - 1));
      if (Double.isNaN(first) || step > first) {
        second = Double.isNaN(first) ? 0 : first;
        first = step;
      } else if (step > second) {
        second = step;
      }
    }
    double noise = Math.max(second, resolution);
    if (!(noise > 0)) {
      return 0;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = LevelShift.BEFORE; i < SPAN; i++) {
      lo = Math.min(lo, at(i));
      hi = Math.max(hi, at(i));
    }
    if (hi - lo > HELD_SPREAD * noise) {
      return 0;
    }
    // sudden: one reading takes it (nearly) all the way; a controller's move to a new setpoint approaches it
    double jump = (at(LevelShift.BEFORE) - at(LevelShift.BEFORE - 1)) * Math.signum(shiftValue);
    double base = shift.baseline();
    double furthest = shiftValue > 0 ? hi - base : base - lo;
    return jump < SUDDEN * furthest ? 0 : shiftValue / noise;
  }

  /** The reading {@code pos} readings after the oldest kept. */
  private double at(int pos) {
    int oldest = size < SPAN ? 0 : head;
    return window[(oldest + pos) % SPAN];
  }
}
