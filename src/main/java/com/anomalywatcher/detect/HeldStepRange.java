package com.anomalywatcher.detect;

/**
 * The range a held step's explanation gives as expected: the band around the baseline the step
 * left. An alert never shows a range that contains its value (it would explain nothing), so a
 * reading still inside the band (the step is measured on the held level, not on this one reading)
 * got no expected range at all ("30.5 °C at 07:39 — drop"); here the band's edge on the reading's
 * side moves to halfway between baseline and reading, so the range stays on the baseline's side and
 * still says what was expected. Both ends lie within the sensor's physical range.
 *
 * @param low low end, in the sensor's unit
 * @param high high end, in the sensor's unit
 */
record HeldStepRange(double low, double high) {
  /**
   * The band {@code baseline ± halfWidth} clamped to {@code [physicalMin, physicalMax]}, its edge
   * on the value's side pulled to halfway between baseline and value when the value lies inside.
   * A value equal to the baseline keeps the plain band: no range around it can exclude it.
   */
  static HeldStepRange around(double baseline, double halfWidth, double value, double physicalMin, double physicalMax) {
    double low = baseline - halfWidth;
    double high = baseline + halfWidth;
    if (value > low && value < baseline) {
      low = (value + baseline) / 2;
    } else if (value < high && value > baseline) {
      high = (value + baseline) / 2;
    }
    double clampedLow = Math.max(physicalMin, low);
    double clampedHigh = Math.min(physicalMax, high);
    // a baseline outside the physical range (a sensor reporting beyond it) keeps its band unclamped
    return clampedLow <= clampedHigh ? new HeldStepRange(clampedLow, clampedHigh) : new HeldStepRange(low, high);
  }
}
