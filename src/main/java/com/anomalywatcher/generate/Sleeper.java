package com.anomalywatcher.generate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for the next tick; a test seam so tests drive time instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Returns at {@code deadline} or as soon as {@code stop} turns true, whichever is first. */
  void sleepUntil(Instant deadline, BooleanSupplier stop) throws InterruptedException;

  /** Really waits, in slices of at most 100 ms so a stop request is seen quickly. */
  static Sleeper real(Clock clock) {
    return (deadline, stop) -> {
      while (!stop.getAsBoolean()) {
        long millis = Duration.between(clock.instant(), deadline).toMillis();
        if (millis <= 0) {
          return;
        }
        Thread.sleep(Math.min(millis, 100));
      }
    };
  }
}
