package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * The latest {@value #SIZE} states of a digital sensor, the time of the latest, and its latest
 * switch: the state it held before and how many readings ago (counted up to just past {@link
 * DigitalCheck#MAX_STUCK_READINGS}). The states are bits of one {@code int} and the time two
 * numbers, so a fleet's thousands of lamps hold no array or {@link Instant} for them. Not
 * thread-safe; owned by its {@link DigitalCheck}.
 */
final class RecentStates {
  static final int SIZE = Integer.SIZE;
  /** States needed before the majority of them stands in for a schedule ({@link #majority}). */
  private static final int MIN_FOR_MAJORITY = 12;

  /** The states kept, newest in bit 0 (1 = on). */
  private int states;
  private int size;
  private Boolean beforeLastSwitch;
  private int sinceLastSwitch;
  /** The time of the newest state: {@link Instant#getEpochSecond} and {@link Instant#getNano}. */
  private long latestSecond;
  private int latestNano;

  /** Notes a reading's time and state. */
  void remember(Instant at, boolean on) {
    Boolean previous = previous();
    if (previous != null && previous != on) {
      beforeLastSwitch = previous;
      sinceLastSwitch = 0;
    } else if (sinceLastSwitch <= DigitalCheck.MAX_STUCK_READINGS) {
      sinceLastSwitch++;
    }
    states = states << 1 | (on ? 1 : 0);
    size = Math.min(size + 1, SIZE);
    latestSecond = at.getEpochSecond();
    latestNano = at.getNano();
  }

  /** The latest state, or null before the first reading. */
  Boolean previous() {
    return size == 0 ? null : (states & 1) == 1;
  }

  /** The time of the latest reading, or null before the first. */
  Instant latestAt() {
    return size == 0 ? null : Instant.ofEpochSecond(latestSecond, latestNano);
  }

  /** The state held before the latest switch; null before the first. */
  Boolean beforeLastSwitch() {
    return beforeLastSwitch;
  }

  /** Readings since the latest switch, counted up to {@link DigitalCheck#MAX_STUCK_READINGS} + 1. */
  int sinceLastSwitch() {
    return sinceLastSwitch;
  }

  /** Toggles among the last {@code previous} states and {@code on}. */
  int togglesWith(boolean on, int previous) {
    int n = Math.min(previous, size);
    int toggles = 0;
    int next = on ? 1 : 0;
    for (int i = 0; i < n; i++) {
      int v = (states >>> i) & 1;
      toggles += v != next ? 1 : 0;
      next = v;
    }
    return toggles;
  }

  /** The state of at least 80 % of the states kept, or null (also with fewer than {@value #MIN_FOR_MAJORITY}). */
  Boolean majority() {
    if (size < MIN_FOR_MAJORITY) {
      return null;
    }
    int kept = size == SIZE ? states : states & ((1 << size) - 1);
    int on = Integer.bitCount(kept);
    if (on >= 0.8 * size) {
      return Boolean.TRUE;
    }
    return on <= 0.2 * size ? Boolean.FALSE : null;
  }
}
