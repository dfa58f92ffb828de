package com.anomalywatcher.sim;

import com.anomalywatcher.model.Location;

/**
 * Daily opening hours of one site, in UTC (the simulation's fixed zone for every location), with
 * a per-day jitter of the opening (±15 min) and closing (±20 min) times drawn from the site seed.
 * Every sensor of a site sees the same hours, so a fan's speed can follow its switch without the
 * two sensors sharing state. Demo mode keeps every site open around the clock. Not thread-safe
 * (caches the current day); owned by the simulation thread.
 */
final class SiteSchedule {
  static final long MINUTE = 60_000L;
  static final long DAY = 86_400_000L;

  private final long seed;
  private final long openMinute;
  private final long closeMinute;
  private final boolean alwaysOpen;
  private long cachedDay = Long.MIN_VALUE;
  private long cachedOpen;
  private long cachedClose;

  SiteSchedule(long siteSeed, Location location, boolean alwaysOpen) {
    this.seed = siteSeed;
    this.alwaysOpen = alwaysOpen;
    this.openMinute = switch (location) {
      case RESTAURANT -> 10 * 60;
      case SUPERMARKET -> 7 * 60;
      case FACTORY -> 6 * 60;
      case WAREHOUSE -> 5 * 60;
    };
    this.closeMinute = switch (location) {
      case RESTAURANT -> 23 * 60;
      case SUPERMARKET -> 21 * 60;
      case FACTORY -> 22 * 60;
      case WAREHOUSE -> 17 * 60;
    };
  }

  /** Whether demo mode keeps the site open around the clock. */
  boolean isAlwaysOpen() {
    return alwaysOpen;
  }

  /**
   * Whether the site is open at {@code t} (epoch millis) for equipment that starts
   * {@code earlyMinutes} before the opening time and stops {@code lateMinutes} after closing
   * (negative values: later start / earlier stop).
   */
  boolean isOpen(long t, double earlyMinutes, double lateMinutes) {
    if (alwaysOpen) {
      return true;
    }
    long day = Math.floorDiv(t, DAY);
    load(day);
    return t >= cachedOpen - (long) (earlyMinutes * MINUTE) && t < cachedClose + (long) (lateMinutes * MINUTE);
  }

  private void load(long day) {
    if (day != cachedDay) {
      long bits = Noise.bits(seed, 1, day);
      double openJitter = ((bits & 0xFFFF) / 65536.0 - 0.5) * 30.0;
      double closeJitter = (((bits >>> 16) & 0xFFFF) / 65536.0 - 0.5) * 40.0;
      cachedOpen = day * DAY + (long) ((openMinute + openJitter) * MINUTE);
      cachedClose = day * DAY + (long) ((closeMinute + closeJitter) * MINUTE);
      cachedDay = day;
    }
  }
}
