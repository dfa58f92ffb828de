package com.anomalywatcher.monitor;

import java.time.Instant;

/**
 * The recent stretches in which no watched sensor reported at all (the feed, the ingest or the
 * generator was down, not a device): a sensor whose silence spans one counts as silent only from
 * the fleet's return ({@link #returnOver}). Fed
 * the readings of each slice in time order before the slice is scored; read by the scoring lanes
 * while no slice is being added. Keeps the last {@value #KEPT} gaps longer than the shortest
 * interval any sensor reports at. Owned by the monitor thread.
 */
final class FleetGaps {
  static final int KEPT = 64;

  private final long[] from = new long[KEPT];
  private final long[] to = new long[KEPT];
  private int count;
  /** The newest instant any watched sensor reported at, epoch millis; MIN_VALUE before the first. */
  private long newest = Long.MIN_VALUE;

  /**
   * Starts from the newest reading the fleet had when the monitor started (the sensors' restored
   * silences), so a gap that spans a restart is still seen.
   */
  void startAfter(Instant last) {
    if (last != null && count == 0 && newest == Long.MIN_VALUE) {
      newest = last.toEpochMilli();
    }
  }

  /**
   * Notes a reading (readings come in time order, a slice at a time, before the slice is scored):
   * a stretch longer than {@code shortestIntervalMillis} since the fleet's newest reading is a gap.
   */
  void note(Instant at, long shortestIntervalMillis) {
    long t = at.toEpochMilli();
    if (t <= newest) {
      return;
    }
    if (newest != Long.MIN_VALUE && t - newest > shortestIntervalMillis) {
      from[count % KEPT] = newest;
      to[count % KEPT] = t;
      count++;
    }
    newest = t;
  }

  /**
   * When the fleet came back from the silence of all its sensors in which a sensor, silent since
   * {@code last}, would have gone offline at {@code offlineAt}: a stretch begun at or after its last
   * reading that lasted past {@code offlineAt}; null when there was none (its silence was its own).
   */
  Instant returnOver(Instant last, Instant offlineAt) {
    long l = last.toEpochMilli();
    long a = offlineAt.toEpochMilli();
    for (int i = 0; i < Math.min(count, KEPT); i++) {
      if (from[i] >= l && from[i] < a && to[i] > a) {
        return Instant.ofEpochMilli(to[i]);
      }
    }
    return null;
  }
}
