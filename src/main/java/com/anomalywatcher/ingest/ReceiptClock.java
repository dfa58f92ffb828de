package com.anomalywatcher.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times of receipt for the messages of one ingest: the clock's time to the microsecond (as the
 * database keeps it), but always after the last time given. A reading without a timestamp of its
 * own gets its time of receipt, and a sensor's readings are keyed by time, so two messages of one
 * sensor received within the same microsecond (a burst Paho reads from one socket buffer, such as
 * a backlog the broker sends on reconnecting, or a coarse clock) would get the same time and the
 * second be skipped as already stored: a reading lost. The HTTP ingest shares one among its
 * requests; it, and the MQTT ingest for a message that is an array, reserves a microsecond for each
 * item. Thread-safe.
 */
public final class ReceiptClock {
  private static final Instant NONE = Instant.MIN;
  private final Clock clock;
  private final AtomicReference<Instant> last = new AtomicReference<>(NONE);

  public ReceiptClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The clock's time, or a microsecond after the last time given when the clock is not past it. */
  public Instant next() {
    return next(1);
  }

  /**
   * The first of {@code count} consecutive microseconds, none given before: the clock's time, or a
   * microsecond after the last time given when the clock is not past it. The next time given is after
   * all of them.
   */
  public Instant next(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant end = last.updateAndGet(prev -> (now.isAfter(prev) ? now : prev.plus(1, ChronoUnit.MICROS))
        .plus(count - 1, ChronoUnit.MICROS));
    return end.minus(count - 1, ChronoUnit.MICROS);
  }
}
