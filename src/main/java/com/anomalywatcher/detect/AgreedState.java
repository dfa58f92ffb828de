package com.anomalywatcher.detect;

import java.util.function.IntPredicate;

/**
 * The state of a lamp that every weekday of its history agrees on around a local time of day: on
 * when no reading of any weekday was off in the slots around it, off when none was on, and no
 * verdict when they differ or a slot saw too few readings. It stands in where the lamp's own day
 * type has too little history (a weekday that forms a group of its own, such as a holiday or a
 * short Sunday, seen twice in two weeks, minus dropouts): the time when the lamp is dark on every
 * day, such as the middle of the night, needs no day type. A frozen {@link LampSchedule} keeps
 * the answers as bits. Stateless.
 */
final class AgreedState {
  /** Slots on either side that must agree, as the day type's own verdict asks. */
  static final int NEIGHBOUR_SLOTS = 2;

  private AgreedState() {}

  /**
   * The state all weekdays agree on around {@code slot}, or null, from the schedule's answers over
   * all weekdays.
   *
   * @param known whether a slot saw enough readings to judge
   * @param anyOn whether any reading in a slot was on
   * @param anyOff whether any reading in a slot was off
   */
  static Boolean around(int slot, int slots, IntPredicate known, IntPredicate anyOn, IntPredicate anyOff) {
    boolean someOn = false;
    boolean someOff = false;
    for (int d = -NEIGHBOUR_SLOTS; d <= NEIGHBOUR_SLOTS; d++) {
      int k = Math.floorMod(slot + d, slots);
      if (!known.test(k)) {
        return null;
      }
      someOn |= anyOn.test(k);
      someOff |= anyOff.test(k);
    }
    return !someOff ? Boolean.TRUE : !someOn ? Boolean.FALSE : null;
  }
}
