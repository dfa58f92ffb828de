package com.anomalywatcher.sim;

import com.anomalywatcher.model.Location;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Opening hours of one site, with a per-day jitter of the opening (clean world ±15 min, realistic
 * ±5 min) and closing (±20 min, realistic ±15 min) times drawn from the site seed. Every sensor of a site sees the same hours, so a fan's speed can
 * follow its switch without the two sensors sharing state. Demo mode keeps a site open around the
 * clock, unless its sensors continue a history made on its hours.
 *
 * <p>Clean world: every day the same hours in UTC (restaurant 10-23, supermarket 7-21, factory
 * 6-22, warehouse 5-17). Realistic world: local hours in the site's time zone with a weekly
 * pattern and public holidays ({@link OpeningHours}), so the hours follow daylight-saving changes,
 * and a seasonal outdoor temperature ({@link Climate}). "Day" below means the local calendar day.
 *
 * <p>Not thread-safe (caches the current day); owned by the simulation thread.
 */
final class SiteSchedule {
  static final long MINUTE = 60_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 86_400_000L;

  private final long seed;
  private final Location location;
  private final long openMinute;
  private final long closeMinute;
  private final boolean alwaysOpen;
  private final ZoneId zone;
  private final boolean realistic;
  private final Climate climate;
  private long cachedDay = Long.MIN_VALUE;
  private long cachedDayStart = Long.MAX_VALUE;
  private long cachedDayEnd = Long.MIN_VALUE;
  private boolean cachedClosed;
  private long cachedOpen;
  private long cachedClose;

  /** A clean-world (UTC) schedule. */
  SiteSchedule(long siteSeed, Location location, boolean alwaysOpen) {
    this(siteSeed, location, alwaysOpen, SimulationSettings.UTC, false);
  }

  SiteSchedule(long siteSeed, Location location, boolean alwaysOpen, ZoneId zone, boolean realistic) {
    this.seed = siteSeed;
    this.location = location;
    this.alwaysOpen = alwaysOpen;
    this.zone = zone;
    this.realistic = realistic;
    this.climate = new Climate(zone, siteSeed);
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

  /** Whether this site lives in the realistic world. */
  boolean isRealistic() {
    return realistic;
  }

  ZoneId zone() {
    return zone;
  }

  Location location() {
    return location;
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
    load(t);
    return !cachedClosed
        && t >= cachedOpen - (long) (earlyMinutes * MINUTE) && t < cachedClose + (long) (lateMinutes * MINUTE);
  }

  /** The day number of {@code t}: the local epoch day (the UTC one in the clean world). */
  long day(long t) {
    if (!realistic) {
      return Math.floorDiv(t, DAY);
    }
    load(t);
    return cachedDay;
  }

  /** Whether the site has no opening hours on the day of {@code t} (weekly closed day, holiday). */
  boolean isClosedDay(long t) {
    load(t);
    return cachedClosed && !alwaysOpen;
  }

  /** Start of the day of {@code t}, epoch millis (23 or 25 hours before its end on DST days). */
  long dayStart(long t) {
    load(t);
    return cachedDayStart;
  }

  /** End (exclusive) of the day of {@code t}, epoch millis. */
  long dayEnd(long t) {
    load(t);
    return cachedDayEnd;
  }

  /** Opening time on the day of {@code t}, epoch millis (meaningless on a closed day). */
  long opening(long t) {
    load(t);
    return cachedOpen;
  }

  /** Closing time on the day of {@code t}, epoch millis (meaningless on a closed day). */
  long closing(long t) {
    load(t);
    return cachedClose;
  }

  /** Hours since local midnight at {@code t}, in [0, 25). */
  double localHours(long t) {
    load(t);
    return (t - cachedDayStart) / (double) HOUR;
  }

  /** Outdoor temperature at the site at {@code t}, °C. */
  double outdoorCelsius(long t) {
    load(t);
    return climate.celsius(cachedDay, Math.min(23.99, (t - cachedDayStart) / (double) HOUR));
  }

  private void load(long t) {
    if (realistic) {
      if (t < cachedDayStart || t >= cachedDayEnd) {
        loadLocal(t);
      }
      return;
    }
    long day = Math.floorDiv(t, DAY);
    if (day != cachedDay) {
      long bits = Noise.bits(seed, 1, day);
      double openJitter = ((bits & 0xFFFF) / 65536.0 - 0.5) * 30.0;
      double closeJitter = (((bits >>> 16) & 0xFFFF) / 65536.0 - 0.5) * 40.0;
      cachedOpen = day * DAY + (long) ((openMinute + openJitter) * MINUTE);
      cachedClose = day * DAY + (long) ((closeMinute + closeJitter) * MINUTE);
      cachedDayStart = day * DAY;
      cachedDayEnd = cachedDayStart + DAY;
      cachedClosed = false;
      cachedDay = day;
    }
  }

  private void loadLocal(long t) {
    LocalDate date = Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    cachedDay = date.toEpochDay();
    cachedDayStart = date.atStartOfDay(zone).toInstant().toEpochMilli();
    cachedDayEnd = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    OpeningHours.Day hours = OpeningHours.of(location, zone, date);
    cachedClosed = hours.closed();
    if (cachedClosed) {
      cachedOpen = cachedClose = cachedDayStart;
      return;
    }
    // Real sites open on time within a few minutes; closing varies more with the last customers.
    long bits = Noise.bits(seed, 1, cachedDay);
    double openJitter = ((bits & 0xFFFF) / 65536.0 - 0.5) * 10.0;
    double closeJitter = (((bits >>> 16) & 0xFFFF) / 65536.0 - 0.5) * 30.0;
    cachedOpen = localTime(date, hours.openMinute() + openJitter);
    cachedClose = localTime(date, hours.closeMinute() + closeJitter);
  }

  /** The instant of a local wall-clock time (minutes after midnight) on a date, DST-correct. */
  private long localTime(LocalDate date, double minutes) {
    long whole = (long) Math.floor(minutes);
    ZonedDateTime z = date.atStartOfDay(zone).withHour((int) (whole / 60)).withMinute((int) (whole % 60));
    return z.toInstant().toEpochMilli() + (long) ((minutes - whole) * MINUTE);
  }
}
