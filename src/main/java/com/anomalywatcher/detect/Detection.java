package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;

/**
 * A detector's verdict on one reading.
 *
 * @param score anomaly score in [0, 1]; the user's threshold applies to it
 * @param kind guessed anomaly kind, null when the detector has no guess (a normal reading)
 * @param expectedLow low end of the value range expected at this time, NaN when unknown
 * @param expectedHigh high end of the expected range, NaN when unknown
 * @param ready whether the detector had enough data to judge (a warming-up detector scores 0)
 */
public record Detection(double score, AnomalyKind kind, double expectedLow, double expectedHigh, boolean ready) {
  /** The verdict of a detector that is still warming up. */
  public static final Detection WARMING_UP = new Detection(0, null, Double.NaN, Double.NaN, false);

  public Detection {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1], got " + score);
    }
  }
}
