package com.anomalywatcher.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntToDoubleFunction;

/**
 * A {@link SmokyKitchen}'s readings fed one a minute from {@code t0} to a typical-plateau check
 * ({@link RisenPlateauCheck}, {@link SharpPlateauCheck}): the history it learns and the readings it
 * judges, as the tests of both feed them.
 */
final class KitchenFeed {
  private final SmokyKitchen kitchen;
  private final Instant t0;

  KitchenFeed(SmokyKitchen kitchen, Instant t0) {
    this.kitchen = kitchen;
    this.t0 = t0;
  }

  /**
   * Has {@code check} observe and learn the kitchen's first {@code minutes} readings, each plus
   * {@code extra.applyAsDouble(minute)} (drawn after the reading, from the same random stream when it
   * draws from {@link SmokyKitchen#random()}).
   */
  void learn(TypicalPlateauCheck check, int minutes, IntToDoubleFunction extra) {
    for (int i = 0; i < minutes; i++) {
      double v = kitchen.reading(i) + extra.applyAsDouble(i);
      check.observe(v);
      check.learn(t0.plus(Duration.ofMinutes(i)));
    }
  }

  /** {@code quiet} background readings from {@code from}, then the background plus {@code excess}. */
  double[] afterQuiet(Instant from, int quiet, double... excess) {
    return kitchen.afterQuiet((int) Duration.between(t0, from).toMinutes(), quiet, excess);
  }

  /** Has {@code check} judge {@code values} one a minute; the index of the first plateau found, or -1. */
  static int firstPlateau(TypicalPlateauCheck check, double[] values) {
    for (int i = 0; i < values.length; i++) {
      check.observe(values[i]);
      if (check.judge(Integer.MAX_VALUE) != null) {
        return i;
      }
    }
    return -1;
  }
}
