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
   * The pause of the feed that spans this monitor's start, epoch millis: from the newest reading the
   * fleet had when it started to the first one after it ({@link #restartTo} MIN_VALUE until that
   * came, or when it came within an interval: the feed did not pause).
   */
  private long restartFrom = Long.MIN_VALUE;
  private long restartTo = Long.MIN_VALUE;
  /** Whether the first reading after this monitor's start is still to come. */
  private boolean atStart;

  /**
   * Starts from the newest reading the fleet had when the monitor started (the sensors' restored
   * silences), so a gap that spans a restart is still seen.
   */
  void startAfter(Instant last) {
    if (last != null && newest == Long.MIN_VALUE) {
      newest = last.toEpochMilli();
      restartFrom = newest;
      atStart = true;
    }
  }

  /**
   * Adds a gap found in the stored readings before this monitor started ({@link Monitor}'s
   * rebuild; gaps in time order, before {@link #startAfter} and any reading): the pauses of the
   * fleet were kept in memory only, so a monitor restarted after the fleet's return from one judged
   * each sensor still silent since before it by its own silence, offline at an instant inside the
   * pause.
   */
  void restore(Instant gapFrom, Instant gapTo) {
    from[count % KEPT] = gapFrom.toEpochMilli();
    to[count % KEPT] = gapTo.toEpochMilli();
    count++;
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
    boolean first = atStart;
    atStart = false;
    if (newest != Long.MIN_VALUE && t - newest > shortestIntervalMillis) {
      if (first) {
        restartTo = t;
      }
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
   * (its silence was its own); or, over the pause that spans this monitor's start, the return from
   * it for any sensor silent over it that had not gone offline before it began ({@link #spansRestart}).
   * A shorter stretch is no pause of the fleet for this sensor: a fleet
   * whose sensors all report at one instant every 30 s, beside a sensor of 5 s that stopped, leaves
   * a gap of 30 s at every tick, and a 1-minute sensor that fell silent is no less offline for it.
   */
  Instant returnOver(Instant last, Instant firstMissed, Instant offlineAt) {
    long m = firstMissed.toEpochMilli();
    long a = offlineAt.toEpochMilli();
    if (restartTo != Long.MIN_VALUE && last.toEpochMilli() <= restartFrom && restartFrom < a) {
      return Instant.ofEpochMilli(restartTo); // see spansRestart: a silence over the restart's pause
    }
    for (int i = 0; i < Math.min(count, KEPT); i++) {
      if (from[i] <= m && to[i] > a) {
        return Instant.ofEpochMilli(to[i]);
      }
    }
    return null;
  }

  /**
   * Whether a sensor whose last reading was at {@code last} and whose next one is at {@code at} was
   * silent over the pause of the feed that spans this monitor's start: no process wrote or watched
   * while it lasted (the README's two {@code run} lines, 6-9 s apart), so it is no silence of any
   * sensor. A sensor silent over it that had not gone offline before the feed paused counts as
   * silent from the feed's return ({@link #returnOver}, whatever the pause's length), and learns
   * its pace afresh after it (the next process may write at another pace: a first run every 5 s, the
   * next every 30 s). Judged by its own silence and old pace, each sensor the second run left out
   * went offline 30 s after its last reading (21 s after the return), and one of those it drives
   * whenever a reading came 30 s apart.
   */
  boolean spansRestart(Instant last, Instant at) {
    return restartTo != Long.MIN_VALUE && last != null && last.toEpochMilli() <= restartFrom
        && at.toEpochMilli() >= restartTo;
  }
}
