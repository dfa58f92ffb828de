package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * Whether an oven's or heater's held incident is its schedule's ramp under way: after the onset,
 * the reading moves on in the direction of the deviation, towards a level the sensor's own history
 * shows within {@link ToleranceProfile#RAMP_NEIGHBOUR_SLOTS} slots of this time (the schedule's
 * jitter: a cool-down that starts 20–40 min earlier than on the few training days of its day type)
 * and still at least {@code margin} short of it. Unlike the onset's test it does not ask the level
 * left to be usual too: staff set the setpoint of a day higher than any in a week of history, and the
 * cool-down from it is still the schedule's. The step is either no larger than the residual tolerance
 * (a controlled warm-up or cool-down, not a jump), or a steady one (within the tolerance of the step
 * before, in the same direction: a ramp the one-step prediction would have followed had its first
 * step not been taken for an onset) at a time when the history's usual levels themselves move that
 * way ({@link LevelProfile#isScheduledMove}: an oven's cool-down of 4 °C a minute at its usual
 * closing time, but not the same fall an hour after its warm-up, when the history's levels only
 * rise). A drop that holds its level, a drift's jump or a step beyond every level of the time of day
 * is no ramp. Stateless.
 */
final class ScheduleRamp {
  private ScheduleRamp() {}

  /**
   * @param step the change from the previous reading
   * @param previousStep the change before it (NaN when unknown)
   * @param deviation the held incident's deviation from its baseline
   * @param tol the residual tolerance at this time
   * @param margin how far short of the usual level the value must still be
   */
  static boolean continues(LevelProfile levels, Instant at, double value, double step, double previousStep,
      double deviation, double tol, double margin) {
    if (step * deviation <= 0
        || !levels.isShortOfUsual(at, value, deviation, margin, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS)) {
      return false;
    }
    return Math.abs(step) <= tol || isSteadyScheduledStep(levels, at, step, previousStep, deviation, tol, margin);
  }

  private static boolean isSteadyScheduledStep(LevelProfile levels, Instant at, double step, double previousStep,
      double deviation, double tol, double margin) {
    return step * previousStep > 0 && Math.abs(step - previousStep) <= tol
        && levels.isScheduledMove(at, deviation, margin, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS);
  }
}
