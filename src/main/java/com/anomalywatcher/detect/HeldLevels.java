package com.anomalywatcher.detect;

/**
 * Levels a sensor held a few readings ago, found in its recent readings (a ring of them, as
 * {@link AnalogCheck} keeps them): a change heading back to one of them is the sensor arriving
 * where it was (a fan spinning back up after a stall, a heater coming back after a door stood
 * open), which slows down as it gets there, not a trend to carry on past it.
 */
final class HeldLevels {
  /** Readings in a row within one tolerance of each other that make a level held. */
  static final int HELD_READINGS = 3;

  private HeldLevels() {}

  /**
   * Whether a level held before lies on the way from {@code from} to {@code to}: {@value
   * #HELD_READINGS} readings in a row, the newest of them at least two readings back (the newest
   * reading, {@code from} itself, is no level held before), within {@code tol} of each other, their
   * mean at most {@code to} and at least {@code from} less one tolerance in the direction from
   * {@code from} to {@code to} (the level the change reaches or passes: arrived there already is
   * noise away).
   *
   * @param ring the readings, the newest at {@code head - 1}
   * @param size how many of them are filled (at most {@code ring.length})
   */
  static boolean onTheWay(double[] ring, int head, int size, double from, double to, double tol) {
    double direction = Math.signum(to - from);
    if (direction == 0) {
      return false;
    }
    for (int m = 2; m + HELD_READINGS - 1 <= size; m++) {
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (int k = 0; k < HELD_READINGS; k++) {
        double v = ring[Math.floorMod(head - m - k, ring.length)];
        low = Math.min(low, v);
        high = Math.max(high, v);
        sum += v;
      }
      if (high - low <= tol && isOnTheWay(sum / HELD_READINGS, from, to, tol)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code level} lies on the way from {@code from} to {@code to}: at most {@code to} and at
   * least {@code from} less {@code tol} in the direction from {@code from} to {@code to} (reached or
   * passed by the change, or arrived at already, noise away). No change ({@code from == to}) heads
   * anywhere.
   */
  static boolean isOnTheWay(double level, double from, double to, double tol) {
    double direction = Math.signum(to - from);
    return direction != 0 && direction * (level - from) >= -tol && direction * (level - to) <= 0;
  }
}
