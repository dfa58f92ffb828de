package com.anomalywatcher.detect;

/**
 * The detector's verdict on one reading, computed before the reading was learned.
 *
 * @param score anomaly score in [0, 1]; the user's threshold applies to it
 * @param forestScore the raw Random Cut Forest score (0 during warm-up; about 1 is ordinary)
 * @param expected the recent typical value (exponentially weighted mean of past readings)
 * @param typicalLow low end of the recent typical range (same units as the reading)
 * @param typicalHigh high end of the recent typical range
 * @param warmingUp true while the detector has not seen enough readings to judge
 */
public record StreamingDetectorScore(
    double score, double forestScore, double expected, double typicalLow, double typicalHigh, boolean warmingUp) {
  public StreamingDetectorScore {
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
  }
}
