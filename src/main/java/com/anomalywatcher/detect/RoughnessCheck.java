package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * How restless a value is: the median step between consecutive readings over the last
 * {@value #SPAN} steps, against how restless the sensor normally is at this local time of day
 * ({@link ToleranceProfile}, trimmed). A rotor that starts to vibrate, a worn bearing, a
 * controller that oscillates all raise it; a steady move to another level (a fan's second speed)
 * does not, nor does a run-up or run-down: restlessness goes up and down, so steps that turn
 * fewer than {@value #MIN_TURNS} times within the span (of {@value #SPAN} - 1 possible; a
 * jittering value turns at two of three steps) count only as restless as their smallest step. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class RoughnessCheck {
  static final int SPAN = 5;
  /** Changes of direction among the span's steps that make them restlessness rather than a move. */
  static final int MIN_TURNS = 3;

  private final ToleranceProfile roughness;
  private final double[] steps = new double[SPAN];
  private int size;
  private int head;
  private double last = Double.NaN;

  RoughnessCheck(ToleranceProfile roughness) {
    this.roughness = roughness;
  }

  ToleranceProfile.State state() {
    return roughness.state();
  }

  /** Forgets the recent steps (after a gap). */
  void restart() {
    size = 0;
    last = Double.NaN;
  }

  /** Notes the reading; returns the median recent step (NaN while filling), learned as normal in training. */
  double observe(Instant at, double value, boolean training) {
    if (!Double.isNaN(last)) {
      steps[head] = value - last;
      head = (head + 1) % SPAN;
      size = Math.min(size + 1, SPAN);
    }
    last = value;
    if (size < SPAN) {
      return Double.NaN;
    }
    double[] s = new double[SPAN];
    int turns = 0;
    double smallest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < SPAN; i++) {
      double step = steps[(head + i) % SPAN];
      s[i] = Math.abs(step);
      smallest = Math.min(smallest, s[i]);
      if (i > 0 && step * steps[(head + i - 1) % SPAN] < 0) {
        turns++;
      }
    }
    Arrays.sort(s);
    double median = turns >= MIN_TURNS ? s[SPAN / 2] : smallest;
    if (training) {
      roughness.learn(at, median);
    }
    return median;
  }

  /** The restlessness relative to the most that is normal at this time (1 = the largest normal). */
  double ratio(Instant at, double median, double floor) {
    if (Double.isNaN(median) || roughness.count() < 1000) {
      return 0;
    }
    return median / Math.max(floor, roughness.slotTolerance(at, 1));
  }
}
