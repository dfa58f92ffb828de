package com.anomalywatcher.detect;

import java.util.Arrays;
import java.util.BitSet;

/**
 * On how many distinct local dates of a lamp's history the lamp was on around each time of day:
 * per 10-minute slot, the dates with at least one "on" reading in that slot or the next one on
 * either side. Cleaners who light a lamp at night come back on other nights; a fault of the history
 * (a lamp stuck on, a flicker) lit it on one date. Counting dates, not weekdays or readings, keeps
 * that one date from making an hour of the night usual: {@link #recurs} asks for {@value
 * #MIN_DATES}. A count is held in a byte, saturating at {@value Byte#MAX_VALUE} dates (the rule
 * only asks for two; a lamp's model stays within its heap budget). Not thread-safe; owned by one
 * check.
 */
final class LitDates {
  /** Slots on either side of a time of day whose light counts for it. */
  static final int WINDOW_SLOTS = 1;
  /** Distinct dates lit around a time of day before light there is usual: more than one. */
  static final int MIN_DATES = 2;
  /**
   * Slots by which the cleaners' visits wander from week to week: up to an hour (docs/accuracy-log.md,
   * "Visits on closed days", 2026-12-03, lc: 26–49 min between the history's visit and the test
   * week's).
   */
  static final int CLEANERS_WANDER_SLOTS = 6;
  private static final int SLOTS = DayClock.SLOTS;
  private static final int WORDS = (SLOTS + 63) / 64;

  /** Per slot: the dates learned to the end that were lit around it (saturating); null while packed. */
  private byte[] litDates;
  /**
   * The counts as runs ({@link Packed}) while packed ({@link #pack}: a restored lamp's frozen
   * schedule, which asks its dates nothing more until it learns); null otherwise.
   */
  private byte[] packedDates;
  /** The local date being learned (days since 1970-01-01), and its slots lit so far (null until the first reading learned). */
  private long date = Long.MIN_VALUE;
  private long[] lit;

  /**
   * Saved form.
   *
   * @param litDates per local 10-minute slot, the dates of the history on which the lamp was on
   *     around it (the date still being learned included)
   */
  record State(int[] litDates) {
    State {
      if (litDates.length != SLOTS) {
        throw new IllegalArgumentException("lit dates need " + SLOTS + " slots, got " + litDates.length);
      }
      for (int n : litDates) {
        if (n < 0) {
          throw new IllegalArgumentException("lit dates must be >= 0, got " + n);
        }
      }
      litDates = litDates.clone();
    }
  }

  LitDates() {
    this(new byte[SLOTS]);
  }

  private LitDates(byte[] litDates) {
    this.litDates = litDates;
  }

  static LitDates restore(State s) {
    byte[] counts = new byte[SLOTS];
    for (int k = 0; k < SLOTS; k++) {
      counts[k] = (byte) Math.min(s.litDates()[k], Byte.MAX_VALUE);
    }
    return new LitDates(counts);
  }

  /** The counts, the date being learned included. */
  State state() {
    byte[] litDates = dates();
    int[] counts = new int[SLOTS];
    for (int k = 0; k < SLOTS; k++) {
      counts[k] = litDates[k] + (litNear(k) ? 1 : 0);
    }
    return new State(counts);
  }

  /**
   * Keeps the counts packed until {@link #thaw}: the owner asks nothing more of them but {@link
   * #state} (a restored lamp's schedule, frozen).
   */
  void pack() {
    if (litDates != null) {
      packedDates = Packed.runs(litDates);
      litDates = null;
    }
  }

  /** Unpacks the counts ({@link #pack}) before they are asked or learned again. */
  void thaw() {
    if (litDates == null) {
      litDates = Packed.readRuns(packedDates, SLOTS);
      packedDates = null;
    }
  }

  /** The counts per slot: the array itself, or a copy unpacked ({@link #pack}). */
  private byte[] dates() {
    return litDates != null ? litDates : Packed.readRuns(packedDates, SLOTS);
  }

  /** Learns one reading at a local date (days since 1970-01-01, {@link DayClock#dateOf}) and slot. */
  void learn(long localDate, int slot, boolean on) {
    thaw();
    if (lit == null) {
      lit = new long[WORDS];
    }
    if (localDate != date) {
      addDate();
      Arrays.fill(lit, 0);
      date = localDate;
    }
    if (on) {
      lit[slot >>> 6] |= 1L << (slot & 63);
    }
  }

  /** Whether the lamp was on around {@code slot} on at least {@value #MIN_DATES} dates of the history. */
  boolean recurs(int slot) {
    return dates()[slot] + (litNear(slot) ? 1 : 0) >= MIN_DATES;
  }

  /**
   * Per slot, whether it is night by the dates: the lamp was lit around it on at most half as many
   * dates as around its most often lit time (its opening hours).
   */
  boolean[] nights() {
    byte[] litDates = dates();
    int[] n = new int[SLOTS];
    int most = 0;
    for (int k = 0; k < SLOTS; k++) {
      n[k] = litDates[k] + (litNear(k) ? 1 : 0);
      most = Math.max(most, n[k]);
    }
    boolean[] night = new boolean[SLOTS];
    for (int k = 0; k < SLOTS; k++) {
      night[k] = 2 * n[k] <= most;
    }
    return night;
  }

  /**
   * The slots lit on one date of the history only ({@link #recurs} false) that lie deeper into the
   * night than the cleaners come: further from the nearest slot that is not night ({@link #nights})
   * than every night slot where the history's light recurred, by more than {@value
   * #CLEANERS_WANDER_SLOTS} slots. None when the history had no recurring light at night.
   */
  BitSet litOnceDeepAtNight() {
    BitSet deep = new BitSet(SLOTS);
    boolean[] night = nights();
    int[] depth = depths(night);
    int deepest = -1;
    for (int k = 0; k < SLOTS; k++) {
      if (night[k] && recurs(k)) {
        deepest = Math.max(deepest, depth[k]);
      }
    }
    if (deepest < 0) {
      return deep;
    }
    for (int k = 0; k < SLOTS; k++) {
      if (night[k] && !recurs(k) && depth[k] > deepest + CLEANERS_WANDER_SLOTS) {
        deep.set(k);
      }
    }
    return deep;
  }

  /**
   * Per slot, how many slots away the nearest slot that is not night lies (0 for one that is not
   * night; {@code night.length} when every slot is night).
   */
  static int[] depths(boolean[] night) {
    int n = night.length;
    int[] depth = new int[n];
    Arrays.fill(depth, n);
    for (int pass = 0; pass < 2; pass++) {
      int last = -1;
      for (int i = 0; i < 2 * n; i++) {
        int k = pass == 0 ? i % n : Math.floorMod(-i - 1, n);
        if (!night[k]) {
          last = i;
          depth[k] = 0;
        } else if (last >= 0) {
          depth[k] = Math.min(depth[k], i - last);
        }
      }
    }
    return depth;
  }

  /** Adds the date being learned to the counts. */
  private void addDate() {
    for (int k = 0; k < SLOTS; k++) {
      if (litNear(k) && litDates[k] < Byte.MAX_VALUE) {
        litDates[k]++;
      }
    }
  }

  private boolean litNear(int slot) {
    if (lit == null) {
      return false;
    }
    for (int d = -WINDOW_SLOTS; d <= WINDOW_SLOTS; d++) {
      int k = Math.floorMod(slot + d, SLOTS);
      if ((lit[k >>> 6] & (1L << (k & 63))) != 0) {
        return true;
      }
    }
    return false;
  }
}
