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
   * Where the current climb began, {@code m} readings back: the split of the remembered readings
   * into a background (the foot and the readings before it) and the climb after it that two
   * straight lines, one through each, fit with the least squared residual. The background may
   * itself drift: a slow drift followed by a jump is a line and a jump, so the rise is measured
   * from the end of the drift, not from the lowest reading it once had. Needs {@code size >= 3}.
   */
  private static int climbFoot(IntToDoubleFunction back, int size) {
    // Sums over the readings 1..k back (x = m, y = the reading), k = 0..size.
    double[] n = new double[size + 1];
    double[] sx = new double[size + 1];
    double[] sy = new double[size + 1];
    double[] sxx = new double[size + 1];
    double[] sxy = new double[size + 1];
    double[] syy = new double[size + 1];
    for (int m = 1; m <= size; m++) {
      double y = back.applyAsDouble(m);
      n[m] = m;
      sx[m] = sx[m - 1] + m;
      sy[m] = sy[m - 1] + y;
      sxx[m] = sxx[m - 1] + (double) m * m;
      sxy[m] = sxy[m - 1] + m * y;
      syy[m] = syy[m - 1] + y * y;
    }
    int foot = 2;
    double least = Double.POSITIVE_INFINITY;
    for (int f = 2; f < size; f++) {
      double climb = residual(n[f - 1], sx[f - 1], sy[f - 1], sxx[f - 1], sxy[f - 1], syy[f - 1]);
      double background = residual(n[size] - n[f - 1], sx[size] - sx[f - 1], sy[size] - sy[f - 1],
          sxx[size] - sxx[f - 1], sxy[size] - sxy[f - 1], syy[size] - syy[f - 1]);
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
