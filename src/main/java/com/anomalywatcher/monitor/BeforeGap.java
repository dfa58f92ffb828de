package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.SwitchState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sensor's running state from before a missing reading that may still come late, and the
 * readings scored since: a live monitor scores a sensor's readings past a missing one at once (they
 * no longer wait for it), and when the missing one arrives within the reorder window it is scored
 * in its place from this state, the later ones re-learned after it without being judged again, so
 * the detector ends as if it had come on time. Kept in memory only: after a restart, or past
 * {@link #until}, a late reading is scored out of order. Owned by the thread that scores its sensor.
 */
final class BeforeGap {
  /** The sensor's {@link Monitor.SavedSensor} (detector, its site's fan switch for a switch, silence) before the gap. */
  final byte[] state;
  /** The sensor's last reading before the gap: a late reading after it takes its place. */
  final Instant after;
  /** Until when a late reading takes its place: the reorder window after the latest missing reading. */
  private Instant until;
  /** The readings scored after {@link #after}, in time order. */
  private final List<Later> later = new ArrayList<>();
  /** Whether an alert on a reading of the sensor was open at some time since {@link #after}. */
  private boolean alerted;

  /**
   * A reading learned after the gap's start, with the state of its site's fan switch it was judged
   * against (a fan speed sensor; null for the others), so that re-learning it ends as it did.
   */
  record Later(Instant at, double value, SwitchState fanSwitch) {}

  BeforeGap(byte[] state, Instant after, Instant until, boolean alerted) {
    this.state = state;
    this.after = after;
    this.until = until;
    this.alerted = alerted;
  }

  /** Whether a late reading at {@code at}, arriving at {@code now}, takes its place here. */
  boolean takes(Instant at, Instant now) {
    return at.isAfter(after) && now.isBefore(until) && !has(at);
  }

  /** Whether the reorder window has passed at {@code now}: nothing late takes its place any more. */
  boolean passed(Instant now) {
    return !now.isBefore(until);
  }

  /** Another missing reading behind the newest ones: the window lasts until {@code until} at least. */
  void extendTo(Instant until) {
    if (until.isAfter(this.until)) {
      this.until = until;
    }
  }

  /** Notes a reading scored after the gap's start (after every one noted so far, or in its place). */
  void add(Instant at, double value, SwitchState fanSwitch) {
    Later l = new Later(at, value, fanSwitch);
    int i = later.size();
    while (i > 0 && later.get(i - 1).at().isAfter(at)) {
      i--;
    }
    later.add(i, l);
  }

  /** The readings scored after the gap's start, in time order. */
  List<Later> later() {
    return later;
  }

  /** An alert on a reading was open since the gap's start: a late anomalous reading opens none of its own. */
  void alerted() {
    alerted = true;
  }

  boolean wasAlerted() {
    return alerted;
  }

  private boolean has(Instant at) {
    for (Later l : later) {
      if (l.at().equals(at)) {
        return true;
      }
    }
    return false;
  }
}
