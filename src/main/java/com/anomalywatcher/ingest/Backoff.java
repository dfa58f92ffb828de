package com.anomalywatcher.ingest;

import java.time.Duration;

/** Delays between retries: doubling from {@code first} up to {@code max}. Owned by one thread. */
final class Backoff {
  private final Duration first;
  private final Duration max;
  private Duration next;

  Backoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.next = first;
  }

  /** The delay to wait before the next attempt; doubles the one after. */
  Duration next() {
    Duration d = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return d;
  }

  /** After a success: start again from {@code first}. */
  void reset() {
    next = first;
  }
}
