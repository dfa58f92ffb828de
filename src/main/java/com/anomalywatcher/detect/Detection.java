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
 * @param returnedFrom when the reading is a return to a level the sensor had left (the end of an
 *     excursion that crept away, such as a drift): the reading it came back from, in the sensor's
 *     unit; NaN otherwise. Such a reading is explained by where it came back from, not by a range.
 * @param detail for a fault no range can show (a slow one: an element ageing, a bearing wearing),
 *     what the detector saw instead, in words, e.g. {@code its readings 3.1 times smoother than on
 *     its usual days at their quietest}; null otherwise
 * @param swing for a restless value (a vibration), what it swung between and how much it usually
 *     moves ({@link Swing}); null otherwise
 */
public record Detection(
    double score, AnomalyKind kind, double expectedLow, double expectedHigh, boolean ready, double returnedFrom,
    String detail, Swing swing) {
  /** The verdict of a detector that is still warming up. */
  public static final Detection WARMING_UP = new Detection(0, null, Double.NaN, Double.NaN, false);

  public Detection {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1], got " + score);
    }
  }

  /** A verdict on a reading that is not a return (see {@link #returnedFrom}). */
  public Detection(double score, AnomalyKind kind, double expectedLow, double expectedHigh, boolean ready) {
    this(score, kind, expectedLow, expectedHigh, ready, Double.NaN);
  }

  /** A verdict with nothing to say beyond its range or its return (see {@link #detail}). */
  public Detection(
      double score, AnomalyKind kind, double expectedLow, double expectedHigh, boolean ready, double returnedFrom) {
    this(score, kind, expectedLow, expectedHigh, ready, returnedFrom, null);
  }

  /** A verdict with nothing to say of a swing (see {@link #swing}). */
  public Detection(double score, AnomalyKind kind, double expectedLow, double expectedHigh, boolean ready,
      double returnedFrom, String detail) {
    this(score, kind, expectedLow, expectedHigh, ready, returnedFrom, detail, null);
  }

  /** Whether the reading came back to a level the sensor had left ({@link #returnedFrom} is known). */
  public boolean isReturn() {
    return Double.isFinite(returnedFrom);
  }
}
