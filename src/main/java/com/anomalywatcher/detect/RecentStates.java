package com.anomalywatcher.detect;

/**
 * The latest {@value #SIZE} states of a digital sensor, and its latest switch: the state it held
 * before and how many readings ago (counted up to just past {@link DigitalCheck#MAX_STUCK_READINGS}).
 * Not thread-safe; owned by its {@link DigitalCheck}.
 */
final class RecentStates {
  static final int SIZE = 32;
  /** States needed before the majority of them stands in for a schedule ({@link #majority}). */
  private static final int MIN_FOR_MAJORITY = 12;

  private final byte[] states = new byte[SIZE];
  private int size;
  private int head;
  private Boolean beforeLastSwitch;
  private int sinceLastSwitch;

  /** Notes a reading's state. */
  void remember(boolean on) {
    Boolean previous = previous();
    if (previous != null && previous != on) {
      beforeLastSwitch = previous;
      sinceLastSwitch = 0;
    } else if (sinceLastSwitch <= DigitalCheck.MAX_STUCK_READINGS) {
      sinceLastSwitch++;
    }
    states[head] = (byte) (on ? 1 : 0);
    head = (head + 1) % SIZE;
    size = Math.min(size + 1, SIZE);
  }

  /** The latest state, or null before the first reading. */
  Boolean previous() {
    return size == 0 ? null : states[Math.floorMod(head - 1, SIZE)] == 1;
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
    byte next = (byte) (on ? 1 : 0);
    for (int i = 0; i < n; i++) {
      byte v = states[Math.floorMod(head - 1 - i, SIZE)];
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
    int on = 0;
    for (int i = 0; i < size; i++) {
      on += states[i];
    }
    if (on >= 0.8 * size) {
      return Boolean.TRUE;
    }
    return on <= 0.2 * size ? Boolean.FALSE : null;
  }
}
