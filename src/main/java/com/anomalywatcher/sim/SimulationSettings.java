package com.anomalywatcher.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulation} runs.
 *
 * @param seed master seed; every random number of every sensor derives from it and the sensor id
 * @param interval expected time between two steps (1 minute for {@code sample --interval 1}); the
 *     anomaly durations and rates are counted in these readings
 * @param anomalyRate expected fraction of ALL readings of the fleet that lie inside a random
 *     anomaly episode, in [0, 1]; ignored when {@code demo} is set
 * @param demo run the scripted demo sequence (source {@code demo}) instead of random anomalies
 */
public record SimulationSettings(long seed, Duration interval, double anomalyRate, boolean demo) {

  public SimulationSettings {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
    if (!(anomalyRate >= 0.0 && anomalyRate <= 1.0)) {
      throw new IllegalArgumentException("anomaly rate must be in [0, 1], got " + anomalyRate);
    }
  }
}
