package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Millis;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How often a sensor reports, learned from its own readings, and whether it has been silent for
 * longer than its history's usual runs of lost readings ({@link com.anomalywatcher.detect.GapProfile}):
 * the monitor's evidence for an {@code offline} alert, which no reading can carry. The interval is
 * the usual short gap of the last {@value #RECENT}: the shortest but a quarter of them (missing
 * readings only ever lengthen a gap, and a reading that comes early once, or twice at one time as
 * in real feeds, makes one short gap that must not set the interval: {@link #usualRecentGap}), known
 * after {@value #MIN_GAPS} gaps; before that (and again after a silence long enough to be
 * offline, whose sensor may come back at another pace), the interval learned from the history, so
 * a sensor already silent when the monitor starts still goes offline. Owned by the monitor thread.
 */
final class Silence {
  static final int RECENT = 16;
  /**
   * Gaps seen before the recent ones set the interval: four, so the quarter-shortest of them is the
   * second shortest and one reading come early cannot set it alone. With three the usual gap was
   * their shortest, so right after an offline silence ({@link #startAfresh}) a feed that came back
   * with one early reading was judged by that gap: NAB's ec2_network_in_5abac7, back at 03:00 after
   * an hour's outage, once at 03:01, then every 5 minutes, went "offline" at 03:14 (interval 1 min).
   */
  static final int MIN_GAPS = 4;

  private final long[] gapsMillis = new long[RECENT];
  private int gaps;
  /** {@link #usualRecentGap} of the gaps as they stand, kept as they change (asked for every reading). */
  private long usualGap = -1;
  private Instant last;
  /** Whether {@link #last} is a reading; a model's end is not, and the gap from it is no interval. */
  private boolean lastIsReading;
  private final IntSupplier toleratedMissing;
  private final Supplier<Duration> learnedInterval;

  /**
   * Starts from {@code last}, or null: the last reading scored before (a restart;
   * {@code lastIsReading}) or the end of the model's training, which is not a reading, so the gap
   * from it to the first reading says nothing of the interval (a training cut at 02:28:45 before
   * readings every 5 minutes from 02:29:00 is no 15 s interval). Either way a sensor silent since
   * {@code last} goes offline by the interval learned from the history. {@code toleratedMissing}
   * says how many readings in a row the sensor may lose before it counts as offline, and
   * {@code learnedInterval} its interval as learned from the history (null when unknown).
   */
  Silence(Instant last, boolean lastIsReading, IntSupplier toleratedMissing, Supplier<Duration> learnedInterval) {
    this.last = last;
    this.lastIsReading = lastIsReading;
    this.toleratedMissing = toleratedMissing;
    this.learnedInterval = learnedInterval;
  }

  /**
   * A silence long enough to be offline, as it was judged: the last reading before it (or the
   * model's end), the interval it was judged by, and when the sensor went offline. The reading that
   * ends the silence may move the interval ({@link #note} adds its gap), so whatever is said of the
   * silence afterwards takes these, not the interval as it then stands: a traffic feed of NAB
   * (TravelTime_451, readings every 8-10 minutes, none from 2015-08-04 12:33 to 15:23) went offline
   * at 13:53 by an 8-minute interval, its returning reading moved the interval to 9 minutes, and
   * the alert said "no reading since 12:23" and was opened although the whole feed (that one
   * sensor) had been silent.
   */
  record Offline(Instant last, Duration interval, Instant at) {
    /** When the first reading missed was due. */
    Instant firstMissed() {
      return last.plus(interval);
    }
  }

  /** What a restarted monitor needs to continue a sensor's silence bookkeeping exactly. */
  record State(long[] gapsMillis, int gaps, Instant last) {
    State {
      if (gapsMillis.length != RECENT) {
        throw new IllegalArgumentException("silence keeps " + RECENT + " gaps, got " + gapsMillis.length);
      }
      gapsMillis = gapsMillis.clone();
    }
  }

  /** The running state, for a monitor's saved state. */
  State state() {
    return new State(gapsMillis, gaps, last);
  }

  /** Continues from a state saved by a previous monitor. */
  void resume(State s) {
    System.arraycopy(s.gapsMillis(), 0, gapsMillis, 0, RECENT);
    gaps = s.gaps();
    last = s.last();
    lastIsReading = true; // saved after readings were scored
    usualGap = gaps == 0 ? -1 : usualRecentGap();
  }

  /** Intervals without a reading after which the sensor is offline: one more than the readings it may lose. */
  int offlineIntervals() {
    return toleratedMissing.getAsInt() + 1;
  }

  /** The sensor's usual interval between readings, or null while too few were seen here and in the history. */
  Duration interval() {
    return gaps < MIN_GAPS ? learnedInterval.get() : Duration.ofMillis(usualGap);
  }

  /** {@link #interval()} in milliseconds, -1 while it is null; makes no Duration of its own. */
  long intervalMillis() {
    if (gaps < MIN_GAPS) {
      Duration learned = learnedInterval.get();
      return learned == null ? -1 : learned.toMillis();
    }
    return usualGap;
  }

  /**
   * The {@code n/4}-th shortest of the {@code n} recent gaps (the shortest while fewer than 4): a
   * quarter of them may be shorter than the interval (a reading come early, a 5-minute feed's one
   * gap of a minute in NAB's network series opened 15 false offline alerts when the shortest set
   * the interval) and three quarters longer (lost readings) without moving it.
   */
  private long usualRecentGap() {
    int n = Math.min(gaps, RECENT);
    long[] sorted = Arrays.copyOf(gapsMillis, n);
    Arrays.sort(sorted);
    return sorted[n / 4];
  }

  /** The newest reading seen, or null. */
  Instant last() {
    return last;
  }

  /**
   * The silence before {@code at}, if it lasted long enough to be offline (its previous reading
   * plus {@link #offlineIntervals()} intervals); else null. Then notes the reading: after such a
   * silence, the recent gaps start afresh ({@link #startAfresh}).
   */
  Offline note(Instant at) {
    Offline offline = last == null ? null : offline(at);
    long gap = last == null ? 0 : Millis.between(last, at);
    if (offline != null) {
      startAfresh();
    } else if (gap > 0 && lastIsReading) {
      int slot = gaps % RECENT;
      long evicted = gapsMillis[slot];
      gapsMillis[slot] = gap;
      gaps++;
      // a full ring whose new gap and evicted one lie both above the usual one, or are equal (a sensor
      // on time), leaves the usual gap where it is: no sort on the path of every reading
      if (gaps <= RECENT || (gap != evicted && (gap <= usualGap || evicted <= usualGap))) {
        usualGap = usualRecentGap();
      }
    }
    if (last == null || at.isAfter(last)) {
      last = at;
      lastIsReading = true;
    }
    return offline;
  }

  /**
   * Forgets the recent gaps after a silence long enough to be offline: the pace before it says
   * nothing of the pace after it (a feed that paused, a device reset or reconfigured while it was
   * away), so the interval is the history's again until {@value #MIN_GAPS} new gaps are seen. A
   * sensor judged by its old pace after a pause raised false offline alerts each time it then
   * reported at its own; the silence's own gap is no interval either.
   */
  void startAfresh() {
    Arrays.fill(gapsMillis, 0);
    gaps = 0;
    usualGap = -1;
  }

  /** The silence of a sensor silent since its last reading, if it went offline before {@code until}; else null. */
  Offline offline(Instant until) {
    Instant at = offlineAt(until);
    return at == null ? null : new Offline(last, Duration.ofMillis(intervalMillis()), at);
  }

  /**
   * The silence {@code silent} counted from {@code back}, when the whole fleet returned from a
   * silence in which this sensor would have gone offline (the feed, the ingest or the monitor was
   * down, not this device): by the interval of its history (its recent pace is from before the
   * pause, or was started afresh), or its recent one while the history's is unknown; null unless
   * it went offline before {@code until}. Counted from its last reading instead, each sensor the
   * fleet's return had not reached yet went offline at once.
   */
  Offline offlineAfterReturn(Offline silent, Instant back, Instant until) {
    Duration learned = learnedInterval.get();
    long interval = learned == null ? intervalMillis() : learned.toMillis();
    if (interval <= 0) {
      return null;
    }
    Instant at = back.plusMillis(interval * offlineIntervals());
    return at.isBefore(until) ? new Offline(silent.last(), Duration.ofMillis(interval), at) : null;
  }

  /** When a sensor silent since its last reading is offline, if that is before {@code until}; else null. */
  Instant offlineAt(Instant until) {
    long interval = intervalMillis();
    if (last == null || interval < 0) {
      return null;
    }
    // in milliseconds, and with no Instant made unless it is one: this runs for every reading
    // scored (last.plusMillis(ms).isBefore(until), as Instant computes it)
    long ms = interval * offlineIntervals();
    long seconds = Math.addExact(last.getEpochSecond(), Math.floorDiv(ms, 1000L));
    int nanos = last.getNano() + (int) Math.floorMod(ms, 1000L) * 1_000_000;
    if (nanos >= 1_000_000_000) {
      seconds = Math.addExact(seconds, 1);
      nanos -= 1_000_000_000;
    }
    boolean before = seconds < until.getEpochSecond() || (seconds == until.getEpochSecond() && nanos < until.getNano());
    return before ? Instant.ofEpochSecond(seconds, nanos) : null;
  }
}
