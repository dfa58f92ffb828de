package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * The held-step check of an analog sensor: a level shift ({@link LevelShift}) that the readings
 * hold, larger than shifts normally get around this local time of day. It catches the steps that
 * the one-step residual check of {@link AnalogCheck} cannot: that check's tolerance is set by the
 * largest steps of the whole day (a door opening, a cooking burst, a warm-up), so a held step of a
 * few degrees or micrograms passes, while this statistic stays small for what a residual makes large
 * but does not hold (glitches, ramps, recoveries).
 *
 * <p>Two lengths are judged. A shift held for {@value #SHORT_HELD} readings alerts at once only when
 * it is beyond the shifts of the whole day's history (no door opening or burst is that large); a
 * shift held for {@value #LONG_HELD} readings alerts when it is beyond those of the
 * {@value #NEIGHBOUR_SLOTS} ten-minute slots on either side (the shifts learned are the short test's, on
 * purpose: a door opening's dip holds for three readings and sets that profile, while it rarely holds
 * five; a profile of 5-reading shifts of its own cost 4–5 false alerts a week on D1's data, docs/accuracy-log.md,
 * 2026-12-02, ho); a particulate sensor's shift down, beyond the whole day's as well (its background
 * wanders down at any time of day: a wander of 4.2 µg/m³ against 2.2 around 13:48 and 2.95 over the
 * day alerted in B2's clean world, seed 39057, docs/accuracy-log.md, 2026-12-03, pa). Look-alikes that come at random times
 * within opening hours (door openings, cooking bursts) recover or keep moving within those readings,
 * so the longer test leaves them out by shape; those tied to a time of day set the tolerance there.
 * The tolerance is {@link #RATIO} times the learned one, and never less than the residuals' noise.
 * A shift between two levels both usual at this time of day (a setpoint change, a night setback
 * moved by staff; with any margin, even the noise, it cost more steps than look-alikes), a
 * shift back to a level held before, and a shift right after an alert (the end of that incident)
 * open nothing; nor, on an oven or heater, do held readings that each move further from the baseline
 * than the last (its heating at work towards a setpoint staff changed: on a holdout week, seed 4242,
 * this removed 5 of 12 added false alerts and no detection), nor, on a particulate sensor, do the
 * long test's held readings on their way back from a peak ({@link LevelShift#isDecaying}: a plume
 * decaying, which B2 at 2026-12-03T07:57Z, seed 1234, alerted as a pollution spike), and a fan speed sensor has none (a second speed is a held step too). Learns its profile from the readings its check learns from (in training, all of
 * them); judges once it has learned {@value #MIN_LEARNED}. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class StepCheck implements PluggedCheck.HeldStepCheck {
  static final int SHORT_HELD = 3;
  /** How far the short test's held readings may move among themselves, as a fraction of the shift. */
  static final double SHORT_FLATNESS = 0.5;
  static final int LONG_HELD = 5;
  static final double LONG_FLATNESS = 1;
  /** Slots on either side whose shifts set the tolerance (1.5 hours: door openings are sparser than slots). */
  static final int NEIGHBOUR_SLOTS = 9;
  /** How many times the learned tolerance a shift must be to alert: the residual check's alert ratio. */
  static final double RATIO = AnalogCheck.FULL_SCORE_RATIO * 0.7;
  /** Shifts learned before the check judges (about a day of 1-minute readings). */
  static final int MIN_LEARNED = 1000;
  /** Readings after an alert-level reading during which a shift is that incident ending. */
  static final int QUIET_AFTER_ALERT = 30;

  /** A held step found: its signed size, the baseline it left, and the tolerance around this time of day. */
  record Step(double shift, double baseline, double tolerance) {}

  private final ToleranceProfile shifts;
  /** Off for a fan speed sensor: its second speed is a held step too (its switch and stall checks judge it). */
  private final boolean judges;
  private final LevelShift shortShift = new LevelShift(SHORT_HELD, SHORT_FLATNESS);
  private final LevelShift longShift = new LevelShift(LONG_HELD, LONG_FLATNESS);
  private final boolean thermal;
  /** Whether the long test's downward shift also needs the whole day's tolerance (a particulate sensor). */
  private final boolean anyTime;
  private double shortValue;
  private double longValue;

  StepCheck(ToleranceProfile shifts, boolean judges) {
    this(shifts, judges, false);
  }

  /**
   * @param thermal an oven or heater: readings that keep moving away from the baseline are its
   *     heating (or cooling) at work, towards a setpoint staff changed, never a step
   */
  StepCheck(ToleranceProfile shifts, boolean judges, boolean thermal) {
    this(shifts, judges, thermal, false);
  }

  /**
   * @param anyTime a particulate sensor: its background wanders down at any time of day, so the
   *     long test's downward shift must also pass the whole day's tolerance, as the short test's
   *     does; not its upward one (a dust storm's front, held five readings, is caught there: with
   *     the whole day's tolerance, 4 of D1's dust storms on seeds 7, 99, 31 and 2718 were missed)
   */
  StepCheck(ToleranceProfile shifts, boolean judges, boolean thermal, boolean anyTime) {
    this.shifts = shifts;
    this.judges = judges;
    this.thermal = thermal;
    this.anyTime = anyTime;
  }

  @Override
  public ToleranceProfile.State state() {
    return shifts.state();
  }

  /** Forgets the recent readings (after a gap). */
  @Override
  public void restart() {
    shortShift.restart();
    longShift.restart();
    shortValue = 0;
    longValue = 0;
  }

  /** Adds a reading (every reading, in time order). */
  void observe(double value) {
    if (!judges) {
      return;
    }
    shortValue = shortShift.observe(value);
    longValue = longShift.observe(value);
  }

  /** Whether the last reading completed any held shift (only then is there anything to judge). */
  boolean hasShift() {
    return shortValue != 0 || longValue != 0;
  }

  @Override
  public void note(Reading r) {
    observe(r.value());
  }

  @Override
  public Step heldStep(Reading r, Quiet q) {
    return hasShift() ? judge(r.at(), r.value(), q.noise(), q.levels(), q.sinceAlert()) : null;
  }

  /** Learns the short shift of the last reading as normal at its time of day. */
  @Override
  public void learn(Instant at) {
    if (!judges) {
      return;
    }
    shifts.learn(at, shortValue);
  }

  /**
   * The held step the last reading completes, or null.
   *
   * @param noise the least tolerance (the residuals' noise, or the sensor's floor)
   * @param readingsSinceAlert readings since the last one that scored at the alert level
   */
  Step judge(Instant at, double value, double noise, LevelProfile levels, int readingsSinceAlert) {
    if (!judges || shifts.count() < MIN_LEARNED || readingsSinceAlert < QUIET_AFTER_ALERT) {
      return null;
    }
    Step step = null;
    if (Math.abs(shortValue) >= RATIO * noise && !(thermal && shortShift.isRamp())) {
      double tol = Math.max(noise, shifts.slotTolerance(at, shortValue, NEIGHBOUR_SLOTS));
      // the whole day's tolerance is at least the one around now: look it up only when that is passed
      if (Math.abs(shortValue) >= RATIO * tol
          && Math.abs(shortValue) >= RATIO * shifts.slotTolerance(at, shortValue, DayClock.SLOTS / 2)) {
        step = new Step(shortValue, shortShift.baseline(), tol);
      }
    }
    if (step == null && Math.abs(longValue) >= RATIO * noise
        && !(thermal ? longShift.isRamp() : longShift.isDecaying())) {
      double tol = Math.max(noise, shifts.slotTolerance(at, longValue, NEIGHBOUR_SLOTS));
      if (Math.abs(longValue) >= RATIO * tol && (!anyTime || longValue > 0
          || Math.abs(longValue) >= RATIO * shifts.slotTolerance(at, longValue, DayClock.SLOTS / 2))) {
        step = new Step(longValue, longShift.baseline(), tol);
      }
    }
    if (step == null || (levels.isUsual(at, value, 0) && levels.isUsual(at, step.baseline(), 0))) {
      return null;
    }
    LevelShift from = step.shift() == shortValue ? shortShift : longShift;
    return from.isReturn(value, step.tolerance()) ? null : step;
  }
}
