package com.anomalywatcher.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Monitor} scores.
 *
 * @param policy threshold and quiet period of alerts
 * @param window minutes of history replayed into a restored detector before it scores (context)
 * @param chunk span of readings read and committed at once while catching up
 * @param reorderReadings how many of a sensor's readings past a missing one a live cycle holds back
 *     while it waits for the missing one to arrive late (0: none, a late reading is then scored out
 *     of order when it arrives); see {@link Monitor}
 */
public record MonitorSettings(AlertPolicy policy, Duration window, Duration chunk, int reorderReadings) {
  /** The reorder window of a live monitor unless told otherwise: a reading may come up to this many late. */
  public static final int DEFAULT_REORDER_READINGS = 3;

  public MonitorSettings {
    Objects.requireNonNull(policy, "policy");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, got " + window);
    }
    if (chunk.isNegative() || chunk.isZero()) {
      throw new IllegalArgumentException("chunk must be > 0, got " + chunk);
    }
    if (reorderReadings < 0) {
      throw new IllegalArgumentException("reorderReadings must be >= 0, got " + reorderReadings);
    }
  }

  /** Settings with a six-hour catch-up chunk and no reorder window (every cycle scores all it reads). */
  public static MonitorSettings of(double threshold, int quietReadings, Duration window) {
    return new MonitorSettings(new AlertPolicy(threshold, quietReadings), window, Duration.ofHours(6), 0);
  }

  /** These settings with a reorder window of {@code readings} readings (a live monitor's). */
  public MonitorSettings withReorderReadings(int readings) {
    return new MonitorSettings(policy, window, chunk, readings);
  }
}
