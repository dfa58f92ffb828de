package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * The plateau check of a particulate-matter sensor: a level shift ({@link LevelShift}) held flat for
 * {@value #HELD} readings, larger than such plateaus normally get around this local time of day.
 *
 * <p>A particulate sensor's bursts (cooking, cleaning, a delivery) rise within a reading or two, hold
 * for a few readings and decay: their held shifts of 3 and 5 readings set the tolerance of
 * {@link StepCheck} at the times they come, so a pollution spike, a calibration offset or a dust
 * storm that steps up by a fraction of a burst passes there. A burst does not stay flat for
 * {@value #HELD} readings (it decays, or a second one piles on and it swings), so the plateaus of
 * that length a sensor shows in its history are its background wandering: this check learns their
 * normal size on their own, per local slot (second largest per sign, like residuals), and alerts at
 * {@link StepCheck#RATIO} times the largest within {@value #NEIGHBOUR_SLOTS} slots on either side,
 * never below the residuals' noise. The held readings may move among themselves by at most
 * {@value #FLATNESS} of the shift: two bursts piled on each other swing by more; and the baseline
 * readings' interquartile range must be within the same fraction of the shift, so the end of a
 * burst (the readings settling below a baseline it still fills) makes none. Unlike the step
 * check, it ignores whether both levels are usual at this time: a particulate sensor's usual levels
 * span its bursts, so nearly every level is. A shift back to a level held before (an incident
 * ending) and a shift within {@link StepCheck#QUIET_AFTER_ALERT} readings after an alert open
 * nothing. Learns from the readings its {@link AnalogCheck} learns from; judges once it has learned
 * {@value StepCheck#MIN_LEARNED}. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class PlateauCheck implements PluggedCheck.HeldStepCheck {
  static final int HELD = 10;
  /** How far the held readings may move among themselves, as a fraction of the shift. */
  static final double FLATNESS = 0.5;
  /** Slots on either side whose plateaus set the tolerance (1.5 hours, as the step check's long test). */
  static final int NEIGHBOUR_SLOTS = StepCheck.NEIGHBOUR_SLOTS;

  private final ToleranceProfile plateaus;
  private final LevelShift shift = new LevelShift(HELD, FLATNESS);
  private double value;

  PlateauCheck(ToleranceProfile plateaus) {
    this.plateaus = plateaus;
  }

  @Override
  public ToleranceProfile.State state() {
    return plateaus.state();
  }

  /** Forgets the recent readings (after a gap). */
  @Override
  public void restart() {
    shift.restart();
    value = 0;
  }

  /** Adds a reading (every reading, in time order). */
  void observe(double reading) {
    value = shift.observe(reading);
  }

  @Override
  public void note(Reading r) {
    observe(r.value());
  }

  @Override
  public StepCheck.Step heldStep(Reading r, Quiet q) {
    return judge(r.at(), r.value(), q.noise(), q.sinceAlert());
  }

  /** Learns the plateau of the last reading as normal at its time of day. */
  @Override
  public void learn(Instant at) {
    plateaus.learn(at, value);
  }

  /**
   * The plateau the last reading completes, or null.
   *
   * @param noise the least tolerance (the residuals' noise, or the sensor's floor)
   * @param readingsSinceAlert readings since the last one that scored at the alert level
   */
  StepCheck.Step judge(Instant at, double reading, double noise, int readingsSinceAlert) {
    if (value == 0 || plateaus.count() < StepCheck.MIN_LEARNED || readingsSinceAlert < StepCheck.QUIET_AFTER_ALERT
        || Math.abs(value) < StepCheck.RATIO * noise) {
      return null;
    }
    double tol = Math.max(noise, plateaus.slotTolerance(at, value, NEIGHBOUR_SLOTS));
    // a plateau reached from an unsettled level (a burst still decaying through the baseline) is
    // that burst ending, not a step the sensor made
    if (Math.abs(value) < StepCheck.RATIO * tol || shift.baselineQuartileRange() > FLATNESS * Math.abs(value)
        || shift.isReturn(reading, tol)) {
      return null;
    }
    return new StepCheck.Step(value, shift.baseline(), tol);
  }
}
