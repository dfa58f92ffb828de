package com.anomalywatcher.detect;

/**
 * Where an analog reading was expected, for judging an onset ({@link AnalogCheck}): the last value
 * carried on by its damped last change (a heating ramp, a cool-down, a swing). A change is a trend
 * only when it continues the one before (same sign, at most {@value #TREND_GROWTH} times its
 * size); after a jump (a door opening, a single glitch, a turn) the reading is expected at the
 * nearer of the carried-on value and the last value itself, so it is an onset only when neither
 * foresaw it. Carried on, the jump of a door opening or of a glitch made the sensor's way back an
 * onset, held against a baseline that kept falling (or rising) away from it. Neither is a change
 * that heads back to a level the sensor held a few readings ago ({@link HeldLevels}) and would be
 * carried on past it: a recovery slows down as it arrives (a stalled fan spinning back up by +134,
 * then +71 rpm stops at the speed it ran at, not 35 rpm beyond it).
 *
 * @param expected the predicted value
 * @param trend the change per reading the prediction carries on (0 for the last value)
 */
record OneStepPrediction(double expected, double trend) {
  /** How much larger than the change before it a change may be and still continue a trend. */
  static final double TREND_GROWTH = 2;

  /**
   * The prediction of the reading {@code value} after {@code last}, reached by the change {@code
   * lastChange} after {@code previousChange}; {@code damping} in [0, 1] scales the change carried on.
   */
  static OneStepPrediction of(double last, double lastChange, double previousChange, double damping, double value) {
    return of(last, lastChange, previousChange, damping, value, false);
  }

  /**
   * As {@link #of(double, double, double, double, double)}; {@code arriving} says that the change
   * carried on reaches or passes a level the sensor held before, so it continues no trend.
   */
  static OneStepPrediction of(double last, double lastChange, double previousChange, double damping, double value,
      boolean arriving) {
    double trend = damping * lastChange;
    double byTrend = last + trend;
    boolean continues = !arriving && lastChange * previousChange > 0
        && Math.abs(lastChange) <= TREND_GROWTH * Math.abs(previousChange);
    return continues || Math.abs(value - last) >= Math.abs(value - byTrend) ? new OneStepPrediction(byTrend, trend)
        : new OneStepPrediction(last, 0);
  }
}
