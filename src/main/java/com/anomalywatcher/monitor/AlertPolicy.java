package com.anomalywatcher.monitor;

/**
 * When an alert opens and resolves.
 *
 * @param threshold a reading whose score is at or above it is anomalous, in [0, 1]
 * @param quietReadings consecutive non-anomalous readings after which an open alert resolves, >= 1
 */
public record AlertPolicy(double threshold, int quietReadings) {
  /** Default quiet period: five readings (the demo leaves seven normal readings between episodes). */
  public static final int DEFAULT_QUIET_READINGS = 5;

  public AlertPolicy {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0,1], got " + threshold);
    }
    if (quietReadings < 1) {
      throw new IllegalArgumentException("quietReadings must be >= 1, got " + quietReadings);
    }
  }
}
