package com.anomalywatcher.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * Milliseconds between two instants, exactly as {@code Duration.between(from, to).toMillis()} gives
 * them (truncated towards zero), without making the Duration: the detectors and the monitor take
 * the gap since the previous reading for every reading scored, and those Durations were a sizeable
 * share of {@code monitor --once}'s garbage (issue 11).
 */
public final class Millis {
  /** Beyond this many seconds apart, seconds × 10^9 would overflow a long: left to Duration. */
  private static final long EXACT_SECONDS = 9_000_000_000L;

  private Millis() {}

  /** {@code Duration.between(from, to).toMillis()}. */
  public static long between(Instant from, Instant to) {
    long seconds = to.getEpochSecond() - from.getEpochSecond(); // Instants lie within ±3.2e16 s
    if (seconds > -EXACT_SECONDS && seconds < EXACT_SECONDS) {
      return (seconds * 1_000_000_000L + (to.getNano() - from.getNano())) / 1_000_000L;
    }
    return Duration.between(from, to).toMillis();
  }
}
