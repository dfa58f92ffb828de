package com.anomalywatcher.detect;

import java.util.function.IntToDoubleFunction;

/**
 * How a particulate sensor's readings got up to where they are: in one reading (a step) or spread
 * over several (a front rolling in). A pollution spike and a calibration error are steps: the
 * reading before the jump sits on the background and one reading carries most of the rise. Air
 * that fills with dust climbs over many readings, each a small part of the whole, so the rise a
 * person sees at the alert's opening already tells the two apart, with no size or duration of any
 * particular event: only the rise's own largest part against its whole. Stateless.
 */
final class RiseShape {
  private RiseShape() {}

  /**
   * Whether the rise to the newest reading is spread over several readings: from the lowest of the
   * {@code size} remembered readings up to the newest, no one reading rose by half the rise or more
   * (the complement of "most of it in one reading"), and the rise was made over at least three
   * readings. {@code back.applyAsDouble(m)} is the reading {@code m} back, 1 the newest.
   */
  static boolean isSpread(IntToDoubleFunction back, int size) {
    if (size < 4) {
      return false;
    }
    double newest = back.applyAsDouble(1);
    int foot = 1;
    double lowest = newest;
    for (int m = 2; m <= size; m++) {
      double v = back.applyAsDouble(m);
      if (v < lowest) {
        lowest = v;
        foot = m;
      }
    }
    double rise = newest - lowest;
    if (foot < 4 || !(rise > 0)) {
      return false;
    }
    double largestStep = 0;
    for (int m = 1; m < foot; m++) {
      largestStep = Math.max(largestStep, back.applyAsDouble(m) - back.applyAsDouble(m + 1));
    }
    return largestStep < rise / 2;
  }
}
