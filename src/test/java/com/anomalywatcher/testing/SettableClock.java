package com.anomalywatcher.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test sets by hand, or through a fake sleeper that moves it to each deadline, so
 * ticks, retries and monitor cycles happen at once in simulated time. Safe to set from another
 * thread than the one reading it.
 */
public final class SettableClock extends Clock {
  private volatile Instant now;

  /** A clock not yet set: {@link #instant()} returns null until the test sets it. */
  public SettableClock() {}

  public SettableClock(Instant now) {
    this.now = now;
  }

  public void set(Instant now) {
    this.now = now;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
