package com.anomalywatcher.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Monitor} scores.
 *
 * @param policy threshold and quiet period of alerts
 * @param window minutes of history replayed into a restored detector before it scores (context)
 * @param chunk span of readings read and committed at once while catching up
 * @param reorderReadings the reorder window in readings: a missing reading that arrives late while it
 *     is due less than this many intervals (plus one) ago is scored in its place, as if on time (a
 *     live monitor scores the readings after it at once and re-learns them after it); later, or
 *     with 0, it is scored out of order when it arrives; see {@link Monitor}
 * @param stateShares the running states are saved in this many shares by site, one share at the end
 *     of each read (1: all at the end of every read); a restart replays into each state the
 *     readings scored since it was saved
 * @param historyAsWarmUp a sensor with neither a trained model nor a checkpoint, stored when the
 *     monitor starts, learns the readings stored up to then as its warm-up without judging them
 *     ({@code run}: they are history, not the run's; judged by a detector warmed on their first dozen
 *     readings, a demo's evening oven cooling at closing time read as a drift); otherwise they are
 *     scored as they come, the detector warming up on the first of them
 */
public record MonitorSettings(AlertPolicy policy, Duration window, Duration chunk, int reorderReadings,
    int stateShares, boolean historyAsWarmUp) {
  /** The reorder window of a live monitor unless told otherwise: a reading may come up to this many late and take its place. */
  public static final int DEFAULT_REORDER_READINGS = 3;

  /**
   * The state shares of a live monitor unless told otherwise: each running state is saved every
   * sixth cycle (every minute at a 10 s interval), not every cycle (saving all 10,000 states was
   * ~75-80 % of a live cycle, docs/performance-log.md).
   */
  public static final int DEFAULT_STATE_SHARES = 6;

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
    if (stateShares < 1) {
      throw new IllegalArgumentException("stateShares must be >= 1, got " + stateShares);
    }
  }

  /** Settings with a six-hour catch-up chunk and no reorder window (a late reading is scored out of order). */
  public static MonitorSettings of(double threshold, int quietReadings, Duration window) {
    return new MonitorSettings(new AlertPolicy(threshold, quietReadings), window, Duration.ofHours(6), 0, 1, false);
  }

  /** These settings with a reorder window of {@code readings} readings (a live monitor's). */
  public MonitorSettings withReorderReadings(int readings) {
    return new MonitorSettings(policy, window, chunk, readings, stateShares, historyAsWarmUp);
  }

  /** These settings with the running states saved in {@code shares} shares (a live monitor's). */
  public MonitorSettings withStateShares(int shares) {
    return new MonitorSettings(policy, window, chunk, reorderReadings, shares, historyAsWarmUp);
  }

  /** These settings with the history of sensors without model or checkpoint learned as warm-up ({@code run}'s). */
  public MonitorSettings withHistoryAsWarmUp() {
    return new MonitorSettings(policy, window, chunk, reorderReadings, stateShares, true);
  }
}
