package com.anomalywatcher.detect;

import java.util.Arrays;

/** Robust statistics the checks learn their tolerances with: quantiles and a noise width from steps. */
final class Robust {
  /** A normal distribution's standard deviation per median absolute deviation. */
  static final double MAD_TO_SIGMA = 1.4826;

  private Robust() {}

  /** The {@code q} quantile of {@code sorted} (ascending, not empty) by nearest rank. */
  static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.round(q * (sorted.length - 1))];
  }

  /** The median of {@code values} (not empty, any order; left as it is). */
  static double median(double[] values) {
    double[] s = values.clone();
    return medianSorting(s, s.length);
  }

  /**
   * The median of the first {@code n} of {@code scratch} (n &gt; 0), which it sorts in place: for a
   * check that reuses one buffer instead of allocating a copy per reading.
   */
  static double medianSorting(double[] scratch, int n) {
    Arrays.sort(scratch, 0, n);
    return n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
  }

  /**
   * The noise of one reading from the median absolute step between readings: a step is the
   * difference of two readings' noise, whose width is √2 times one reading's.
   */
  static double noiseFromMedianStep(double medianAbsStep) {
    return medianAbsStep * MAD_TO_SIGMA / Math.sqrt(2);
  }
}
