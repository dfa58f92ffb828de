package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition in the alert delivery tests: polls it, and fails the test after 30 s. */
final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails the test if it does not within 30 s. */
  static void await(BooleanSupplier condition) throws InterruptedException {
    poll(condition, "condition within 30 s");
  }

  /** As {@link #await(BooleanSupplier)}, and names {@code context} (as it is then) when it fails. */
  static void await(BooleanSupplier condition, Object context) throws InterruptedException {
    poll(condition, "condition within 30 s; %s", context);
  }

  /**
   * As {@link #await(BooleanSupplier, Object)} with a limit of {@code seconds}: for a condition whose designed
   * latency is itself many seconds (a sink reclaimed only after its claim was held {@link OutboxDelivery#RECLAIM_GRACE}),
   * which 30 s left too little room for on a loaded machine.
   */
  static void awaitWithin(int seconds, BooleanSupplier condition, Object context) throws InterruptedException {
    poll(seconds, condition, "condition within " + seconds + " s; %s", context);
  }

  private static void poll(BooleanSupplier condition, String description, Object... args) throws InterruptedException {
    poll(30, condition, description, args);
  }

  private static void poll(int seconds, BooleanSupplier condition, String description, Object... args)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(description, args).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not timing anything
    }
  }
}
