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
   * When the fleet came back from a silence of all its sensors that began before a sensor's first
   * missed reading was due ({@code firstMissed}: it missed none while the others reported) and
   * lasted past the instant it would have gone offline ({@code offlineAt}); null when there was none
   * (its silence was its own). A shorter stretch is no pause of the fleet for this sensor: a fleet
   * whose sensors all report at one instant every 30 s, beside a sensor of 5 s that stopped, leaves
   * a gap of 30 s at every tick, and a 1-minute sensor that fell silent is no less offline for it.
   */
  Instant returnOver(Instant firstMissed, Instant offlineAt) {
    long m = firstMissed.toEpochMilli();
    long a = offlineAt.toEpochMilli();
    for (int i = 0; i < Math.min(count, KEPT); i++) {
      if (from[i] <= m && to[i] > a) {
        return Instant.ofEpochMilli(to[i]);
      }
    }
    return null;
  }
}
