package com.anomalywatcher.monitor;

import java.time.Instant;

/**
 * Told, in the thread doing the work, how far a long pass over stored readings (training, a
 * backfill) has come through its time range; for progress bars.
 */
@FunctionalInterface
public interface TimeProgress {
  /** Reports nothing. */
  TimeProgress NONE = (upTo, from, to) -> { };

  /** Readings before {@code upTo} are done, of the range {@code [from, to)}. */
  void reached(Instant upTo, Instant from, Instant to);

  /** As {@link #reached(Instant, Instant, Instant)}, with the number of readings read so far. */
  default void reached(Instant upTo, Instant from, Instant to, long readings) {
    reached(upTo, from, to);
  }
}
