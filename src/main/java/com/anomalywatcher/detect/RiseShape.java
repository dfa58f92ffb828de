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
   * Whether the rise to the newest reading is spread over several readings: from the foot of the
   * current climb ({@link #climbFoot}) up to the newest, no one reading rose by half the rise or
   * more (the complement of "most of it in one reading"), and the rise was made over at least three
   * readings. {@code back.applyAsDouble(m)} is the reading {@code m} back, 1 the newest.
   */
  static boolean isSpread(IntToDoubleFunction back, int size) {
    if (size < 4) {
      return false;
    }
    int foot = climbFoot(back, size);
    double rise = back.applyAsDouble(1) - back.applyAsDouble(foot);
    if (foot < 4 || !(rise > 0)) {
      return false;
    }
    double largestStep = 0;
    for (int m = 1; m < foot; m++) {
      largestStep = Math.max(largestStep, back.applyAsDouble(m) - back.applyAsDouble(m + 1));
    }
    return largestStep < rise / 2;
  }

  /**
   * Where the current climb began, {@code m} readings back. The climb ends at the highest reading
   * since the lowest remembered one (what follows the peak is a plateau or a fall, not climb); the
   * readings from the lowest up to that peak are split into a background (the foot and the readings
   * before it) and the climb after it, where two straight lines, one through each, fit with the
   * least squared residual. The background may itself drift: a slow drift followed by a jump is a
   * line and a jump, so the rise is measured from the end of the drift, not from the lowest
   * reading it once had.
   */
  private static int climbFoot(IntToDoubleFunction back, int size) {
    int lowest = 1;
    for (int m = 2; m <= size; m++) {
      if (back.applyAsDouble(m) < back.applyAsDouble(lowest)) {
        lowest = m;
      }
    }
    int peak = 1;
    for (int m = 2; m < lowest; m++) {
      if (back.applyAsDouble(m) > back.applyAsDouble(peak)) {
        peak = m;
      }
    }
    // Sums over the readings 1..k back (x = m, y = the reading), k = 0..lowest.
    double[] sx = new double[lowest + 1];
    double[] sy = new double[lowest + 1];
    double[] sxx = new double[lowest + 1];
    double[] sxy = new double[lowest + 1];
    double[] syy = new double[lowest + 1];
    for (int m = 1; m <= lowest; m++) {
      double y = back.applyAsDouble(m);
      sx[m] = sx[m - 1] + m;
      sy[m] = sy[m - 1] + y;
      sxx[m] = sxx[m - 1] + (double) m * m;
      sxy[m] = sxy[m - 1] + m * y;
      syy[m] = syy[m - 1] + y * y;
    }
    int foot = lowest;
    double least = Double.POSITIVE_INFINITY;
    for (int f = peak + 1; f <= lowest; f++) {
      double climb = residual(f - peak, sx[f - 1] - sx[peak - 1], sy[f - 1] - sy[peak - 1],
          sxx[f - 1] - sxx[peak - 1], sxy[f - 1] - sxy[peak - 1], syy[f - 1] - syy[peak - 1]);
      double background = residual(lowest - f + 1, sx[lowest] - sx[f - 1], sy[lowest] - sy[f - 1],
          sxx[lowest] - sxx[f - 1], sxy[lowest] - sxy[f - 1], syy[lowest] - syy[f - 1]);
      if (climb + background < least) {
        least = climb + background;
        foot = f;
      }
    }
    return foot;
  }

  /** The squared residual of the least-squares line through points given by their sums. */
  private static double residual(double n, double sx, double sy, double sxx, double sxy, double syy) {
    if (n < 3) {
      return 0;
    }
    double vxx = sxx - sx * sx / n;
    double vxy = sxy - sx * sy / n;
    double vyy = syy - sy * sy / n;
    return Math.max(0, vyy - vxy * vxy / vxx);
  }
}
