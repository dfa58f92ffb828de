package com.anomalywatcher.detect;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;

/**
 * The scale at which the reading after an onset confirms it ({@link AnalogCheck}: a single reading
 * never alerts). An incident's hold measures its deviation in twice the residual tolerance of the
 * time of day, which is right for a lingering incident but, at times when the history saw steep
 * moves one way (a cool-down), lets a held step the other way pass unconfirmed although the onset
 * itself was judged at the smaller tolerance of its own sign. A heater's step that leaves a settled
 * level is therefore confirmed at its onset's own tolerance: the heater snapping back to its
 * setpoint at the end of a sag (element ageing) or of a slow drift, found before 1–3 readings too
 * late. Not for ovens: a door opening steps and holds for a reading or two, and at the onset's
 * scale those confirmed (D1 seed 99: 4 more false alerts on one oven). Not after a step that was
 * itself large: returning from a glitch is no incident. Stateless.
 */
final class OnsetConfirmation {
  /** The largest previous step, as a share of the onset's residual, for the level to count as settled. */
  static final double SETTLED_SHARE = 0.25;

  private OnsetConfirmation() {}

  /**
   * The tolerance the first reading after an onset is judged in, or NaN to keep the hold's own.
   *
   * @param previousStep the change from the reading before the onset's predecessor to that predecessor
   * @param residual the onset's residual (value minus prediction)
   * @param onsetTolerance the (signed) tolerance the onset was judged in
   */
  static double tolerance(SensorDescription sensor, double previousStep, double residual, double onsetTolerance) {
    boolean settled = Math.abs(previousStep) <= SETTLED_SHARE * Math.abs(residual);
    return sensor.category() == Category.HEATER && settled ? onsetTolerance : Double.NaN;
  }
}
