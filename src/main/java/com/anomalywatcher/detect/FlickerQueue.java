package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * A lamp's training readings on their way into its {@link LampSchedule}: each is learned {@value
 * #LOOKBACK} readings late, once every window of the flicker rule that holds it is known. A reading
 * of a flicker of the history (from the first toggle of a window of the flicker rule, this reading
 * and the {@value #LOOKBACK} before it, that holds two or more toggles) while the lamp was lit
 * before the flicker is a fault, not the schedule: it is learned as a lit reading and no switch, so
 * a flicker in opening hours makes no hour usual for dark (a lamp dark there later is stuck off at
 * once, not only once the expected state's window has passed the flicker's slots). A flicker out of
 * a dark lamp is learned as it was: leaving its light out too costs false stuck-on alerts on the
 * check sets (docs/accuracy-log.md, "Flickers of the history in opening hours", 2026-12-03, so). Not
 * thread-safe; owned by its {@link DigitalCheck}.
 */
final class FlickerQueue {
  /** Readings before the newest in the flicker rule's window (two toggles among four readings). */
  static final int LOOKBACK = DigitalCheck.FLICKER_LOOKBACK;

  private final LampSchedule schedule;
  private final Instant[] pendingAt = new Instant[LOOKBACK];
  private final boolean[] pendingOn = new boolean[LOOKBACK];
  private final boolean[] pendingFlicker = new boolean[LOOKBACK];
  private int pendingSize;
  /** The state of the latest training reading learned outside a flicker. */
  private Boolean learnedState;

  FlickerQueue(LampSchedule schedule) {
    this.schedule = schedule;
  }

  /** Queues a training reading, learning the oldest queued one once it is {@value #LOOKBACK} readings old. */
  void queue(Instant at, boolean on) {
    int toggles = 0;
    int first = -1;
    for (int i = 0; i < pendingSize; i++) {
      boolean next = i + 1 < pendingSize ? pendingOn[i + 1] : on;
      if (pendingOn[i] != next) {
        toggles++;
        first = first < 0 ? i + 1 : first;
      }
    }
    boolean flicker = toggles >= 2;
    if (flicker) {
      for (int i = first; i < pendingSize; i++) {
        pendingFlicker[i] = true;
      }
    }
    if (pendingSize == LOOKBACK) {
      learnOldest();
    }
    pendingAt[pendingSize] = at;
    pendingOn[pendingSize] = on;
    pendingFlicker[pendingSize] = flicker;
    pendingSize++;
  }

  /** Learns the queued readings (before the lamp is scored or saved). */
  void learnAll() {
    while (pendingSize > 0) {
      learnOldest();
    }
  }

  private void learnOldest() {
    boolean inLight = pendingFlicker[0] && Boolean.TRUE.equals(learnedState);
    schedule.learn(pendingAt[0], inLight || pendingOn[0], learnedState, inLight);
    if (!inLight) {
      learnedState = pendingOn[0];
    }
    for (int i = 1; i < pendingSize; i++) {
      pendingAt[i - 1] = pendingAt[i];
      pendingOn[i - 1] = pendingOn[i];
      pendingFlicker[i - 1] = pendingFlicker[i];
    }
    pendingSize--;
    pendingAt[pendingSize] = null;
  }
}
