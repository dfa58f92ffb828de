package com.anomalywatcher.detect;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A sensor's wall clock: the local 10-minute slot of the day and the local day of the week of an
 * instant, in the site's time zone (UTC when unknown), so daily rhythms stay aligned across
 * daylight-saving changes. Caches the current UTC offset until the zone's next transition (a
 * lookup per reading would cost more than the checks). Not thread-safe; owned by one detector.
 */
final class DayClock {
  /** Slots of a day: 10 minutes each. */
  static final int SLOTS = 144;
  static final int DAYS = 7;

  /** The zone, kept for a saved running state ({@link RunningState}); the rules are derived from it. */
  private final ZoneId zone;
  private final ZoneRules rules;
  private long validFrom = Long.MAX_VALUE;
  private long validUntil = Long.MIN_VALUE;
  private long offsetSeconds;

  DayClock(ZoneId zone) {
    this.zone = zone == null ? ZoneOffset.UTC : zone;
    this.rules = this.zone.getRules();
  }

  /** The site's time zone (UTC when unknown). */
  ZoneId zone() {
    return zone;
  }

  /** The local slot of the day, 0 (00:00–00:10) to 143. */
  int slotOf(Instant t) {
    return (int) (Math.floorMod(localSeconds(t), 86_400L) / 600);
  }

  /** The local day of the week, 0 = Monday to 6 = Sunday. */
  int dayOf(Instant t) {
    // 1970-01-01 was a Thursday (3 with Monday = 0)
    return (int) Math.floorMod(Math.floorDiv(localSeconds(t), 86_400L) + 3, 7L);
  }

  /** The local date, as days since 1970-01-01. */
  long dateOf(Instant t) {
    return Math.floorDiv(localSeconds(t), 86_400L);
  }

  private long localSeconds(Instant t) {
    long s = t.getEpochSecond();
    if (s < validFrom || s >= validUntil) {
      offsetSeconds = rules.getOffset(t).getTotalSeconds();
      ZoneOffsetTransition next = rules.nextTransition(t);
      validUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
      validFrom = s; // readings move forward; an earlier one simply looks the offset up again
    }
    return s + offsetSeconds;
  }
}
