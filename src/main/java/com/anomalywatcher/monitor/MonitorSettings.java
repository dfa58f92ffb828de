package com.anomalywatcher.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Monitor} scores.
 *
 * @param policy threshold and quiet period of alerts
 * @param window minutes of history replayed into a restored detector before it scores (context)
 * @param chunk span of readings read and committed at once while catching up
 */
public record MonitorSettings(AlertPolicy policy, Duration window, Duration chunk) {
  public MonitorSettings {
    Objects.requireNonNull(policy, "policy");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, got " + window);
    }
    if (chunk.isNegative() || chunk.isZero()) {
      throw new IllegalArgumentException("chunk must be > 0, got " + chunk);
    }
  }

  /** Settings with a six-hour catch-up chunk. */
  public static MonitorSettings of(double threshold, int quietReadings, Duration window) {
    return new MonitorSettings(new AlertPolicy(threshold, quietReadings), window, Duration.ofHours(6));
  }
}
