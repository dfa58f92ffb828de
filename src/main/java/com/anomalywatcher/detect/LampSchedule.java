package com.anomalywatcher.detect;

import com.anomalywatcher.detect.ScheduleCells.Seen;
import java.time.Instant;
import java.util.BitSet;

/**
 * The learned schedule of a digital sensor, by local weekday and 10-minute slot, and what it says
 * of a slot on a day type ({@link WeekPattern}): the facts {@link DigitalCheck}'s rules ask. It is
 * live while it learns and frozen once restored (a trained lamp learns nothing more); both answer
 * through one pair of questions, {@link #dayType} and {@link #facts}, with the same verdicts. Not
 * thread-safe; owned by its {@link DigitalCheck}.
 */
final class LampSchedule {
  static final int SLOTS = DayClock.SLOTS;
  static final int CELLS = DayClock.DAYS * SLOTS;
  /** Readings a slot needs (over the weekdays asked) before its state is known. */
  static final int MIN_SLOT_COUNT = 20;
  private static final int ALL_DAYS = (1 << DayClock.DAYS) - 1;

  /** A fact of a slot ({@link #facts}): enough readings on the day type. */
  static final int KNOWN = 1;
  static final int ANY_SWITCHED_ON = 2;
  static final int ANY_SWITCHED_OFF = 4;
  static final int ANY_ON = 8;
  static final int ANY_OFF = 16;
  /** Enough readings over all weekdays ({@link #agreedAround}). */
  static final int KNOWN_ALL_DAYS = 32;
  /** At night ({@link ScheduleCells#isNight}): on, or switched on, there on any weekday ({@link #nightOn}). */
  static final int NIGHT_ANY_ON = 64;
  static final int NIGHT_ANY_SWITCHED_ON = 128;
  private static final int ALL_FACTS = 255;

  /** The planes of {@link #frozenSlots}, and the longs of a plane (a bit per slot). */
  private static final int AGREED_ON = 0;
  private static final int AGREED_OFF = 1;
  private static final int ONCE_DEEP = 2;
  private static final int WORDS = (SLOTS + 63) / 64;

  private final DayClock clock;
  /** Whether the sensor is a lamp: only a lamp's schedule is asked, so only a lamp's is frozen into facts. */
  private final boolean lamp;
  /** The live schedule's training readings, read through the day type; null while frozen. */
  private ScheduleCells cells;
  /**
   * A restored schedule learns nothing (a trained lamp keeps its schedule), and its week pattern's
   * day groups are then fixed: it is frozen. Its cells are kept packed as runs ({@link Packed}), for
   * {@link #state} and for thawing before it learns, and a lamp's {@link #facts} are read from
   * {@link #frozenFacts}: per day group and slot, all of them. A few hundred bytes instead of the 1
   * KB schedule and the 2 KB week pattern, with the same verdicts. Null when not frozen.
   */
  private byte[] packedCells;
  private byte[] frozenFacts;
  /**
   * A frozen lamp's answers that need no day type, a bit per slot in each of three planes of {@link
   * #WORDS} longs: whether all weekdays agree the lamp is on around the slot ({@link
   * #agreedAround}), whether they agree it is off, and whether the slot is {@link
   * #litOnceDeepAtNight}. One small array instead of two objects and their arrays (a fleet holds
   * thousands of lamps); null when not frozen.
   */
  private long[] frozenSlots;
  /** A live lamp's slots {@link #litOnceDeepAtNight}, worked out when first asked after it last learned; null until then. */
  private BitSet liveOnceDeep;
  /** A frozen lamp's day group of each weekday, 3 bits each (Monday lowest). */
  private int dayGroups;
  private final WeekPattern week;
  /** On how many dates of the history the lamp was lit around each time of day; null for a fan's switch and for a model saved without it. */
  private final LitDates lit;

  LampSchedule(DayClock clock, boolean lamp) {
    this(clock, lamp, new ScheduleCells(), new WeekPattern(), lamp ? new LitDates() : null);
  }

  private LampSchedule(DayClock clock, boolean lamp, ScheduleCells cells, WeekPattern week, LitDates lit) {
    this.clock = clock;
    this.lamp = lamp;
    this.cells = cells;
    this.week = week;
    this.lit = lit;
  }

  /** A saved schedule, frozen. */
  static LampSchedule restore(DayClock clock, boolean lamp, DigitalCheck.State s) {
    LampSchedule schedule = new LampSchedule(clock, lamp, ScheduleCells.restore(s), WeekPattern.restore(s.week()),
        s.lit() == null ? null : LitDates.restore(s.lit()));
    schedule.freeze();
    return schedule;
  }

  /** The schedule as counts that give the same verdicts (a slot's total up to {@link #MIN_SLOT_COUNT}). */
  DigitalCheck.State state() {
    ScheduleCells cells = this.cells != null ? this.cells : ScheduleCells.unpack(packedCells);
    return cells.state(week.state(), lit == null ? null : lit.state());
  }

  /** Whether the schedule counts the dates a lamp was lit ({@link LitDates}): a lamp's does, unless saved before it did. */
  boolean learnsLitDates() {
    return lit != null;
  }

  /** Whether the schedule is frozen (restored, has learned nothing since). */
  boolean isFrozen() {
    return cells == null;
  }

  /**
   * Learns one reading: {@code previous} is the state before it, {@code unswitched} that it is no
   * switch whatever {@code previous} says (a flicker's reading learned as lit, {@link
   * FlickerQueue}). The schedule must have been thawed.
   */
  void learn(Instant at, boolean on, Boolean previous, boolean unswitched) {
    int day = clock.dayOf(at);
    int slot = clock.slotOf(at);
    liveOnceDeep = null;
    week.learn(day, slot, on ? 1 : 0);
    if (lit != null) {
      lit.learn(clock.dateOf(at), slot, on);
    }
    cells.learn(day, slot, on, !unswitched && previous != null && previous != on);
  }

  /** Unfreezes a restored schedule before it learns. */
  void thaw() {
    if (cells == null) {
      cells = ScheduleCells.unpack(packedCells);
      packedCells = null;
      frozenFacts = null;
      frozenSlots = null;
      if (lit != null) {
        lit.thaw();
      }
    }
    liveOnceDeep = null;
  }

  private void freeze() {
    if (!week.isPacked()) {
      return;
    }
    if (lamp) {
      freezeFacts();
      frozenSlots = slotAnswers();
    }
    if (lit != null) {
      lit.pack();
    }
    packedCells = cells.pack();
    cells = null;
  }

  /**
   * Works out {@link #frozenFacts} and {@link #dayGroups}: the weekdays fall into groups alike by
   * the (fixed) week pattern, and each group's slots get all their facts.
   */
  private void freezeFacts() {
    int[] sets = new int[DayClock.DAYS];
    int groups = 0;
    int dayGroup = 0;
    for (int day = 0; day < DayClock.DAYS; day++) {
      int set = week.packedAlikeWith(day);
      int g = 0;
      while (g < groups && sets[g] != set) {
        g++;
      }
      if (g == groups) {
        sets[groups++] = set;
      }
      dayGroup |= g << (3 * day);
    }
    byte[] table = new byte[groups * SLOTS];
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < SLOTS; k++) {
        table[g * SLOTS + k] = (byte) liveFacts(sets[g], k, ALL_FACTS);
      }
    }
    frozenFacts = table;
    dayGroups = dayGroup;
  }

  /**
   * Whether the lamp was lit around this night slot on one date of the history only and the slot
   * lies deeper into the night than the cleaners come ({@link LitDates#litOnceDeepAtNight}). The cleaners'
   * recurring light shows how deep into the night they come, and their hour wanders by up to an hour
   * from week to week; a single night's light deeper than that is no visit of theirs but a fault of
   * the history (a lamp stuck on, a flicker), and the day type's cells keep its light and switch
   * (docs/accuracy-log.md, "A single night's light deeper than the cleaners come", 2026-12-04, stuck).
   * False for every slot when the history had no recurring light at night or counted no dates.
   */
  boolean litOnceDeepAtNight(int slot) {
    if (cells == null) {
      return frozenSlots != null && isSet(frozenSlots, ONCE_DEEP, slot);
    }
    if (liveOnceDeep == null) {
      liveOnceDeep = onceDeepSlots();
    }
    return liveOnceDeep.get(slot);
  }

  /** The {@link #frozenSlots} of the live schedule, before it freezes. */
  private long[] slotAnswers() {
    long[] bits = new long[3 * WORDS];
    BitSet deep = onceDeepSlots();
    for (int k = 0; k < SLOTS; k++) {
      Boolean agreed = liveAgreedAround(k);
      if (agreed != null) {
        set(bits, agreed ? AGREED_ON : AGREED_OFF, k);
      }
      if (deep.get(k)) {
        set(bits, ONCE_DEEP, k);
      }
    }
    return bits;
  }

  private static void set(long[] bits, int plane, int slot) {
    bits[plane * WORDS + (slot >>> 6)] |= 1L << (slot & 63);
  }

  private static boolean isSet(long[] bits, int plane, int slot) {
    return (bits[plane * WORDS + (slot >>> 6)] & (1L << (slot & 63))) != 0;
  }

  /** The slots {@link #litOnceDeepAtNight} holds for, from the live schedule's dates lit ({@link LitDates#litOnceDeepAtNight}). */
  private BitSet onceDeepSlots() {
    return !lamp || lit == null ? new BitSet(SLOTS) : lit.litOnceDeepAtNight();
  }

  /**
   * The day type of a local weekday, as {@link #facts} takes it: the weekdays alike with it. Asks
   * the week pattern, which may regroup, so a rule asks it once per verdict, frozen or not, and a
   * thawed schedule goes on alike.
   */
  int dayType(int day) {
    int days = week.alikeWith(day);
    return cells == null ? (dayGroups >>> (3 * day)) & 7 : days;
  }

  /**
   * The facts of a slot on a day type ({@link #dayType}), as bits ({@link #KNOWN} to {@link
   * #NIGHT_ANY_SWITCHED_ON}): at least those in {@code asked} are true where they hold (a frozen
   * schedule answers all of them).
   */
  int facts(int dayType, int slot, int asked) {
    return cells == null ? frozenFacts[dayType * SLOTS + slot] & 0xFF : liveFacts(dayType, slot, asked);
  }

  /** The state all weekdays agree on around {@code slot} ({@link AgreedState}), or null. */
  Boolean agreedAround(int slot) {
    return cells == null ? frozenAgreedAround(slot) : liveAgreedAround(slot);
  }

  private Boolean liveAgreedAround(int slot) {
    return AgreedState.around(slot, SLOTS, this::knownOnAllDays, this::onOnSomeDay, this::offOnSomeDay);
  }

  private Boolean frozenAgreedAround(int slot) {
    return isSet(frozenSlots, AGREED_ON, slot) ? Boolean.TRUE : isSet(frozenSlots, AGREED_OFF, slot) ? Boolean.FALSE : null;
  }

  /** The facts in {@code asked} of a slot over the weekdays in the bit set {@code days}, from the cells. */
  private int liveFacts(int days, int slot, int asked) {
    int f = 0;
    if ((asked & KNOWN) != 0 && cells.total(days, slot) >= MIN_SLOT_COUNT) {
      f |= KNOWN;
    }
    if ((asked & ANY_SWITCHED_ON) != 0 && cells.any(days, slot, Seen.SWITCHED_ON)) {
      f |= ANY_SWITCHED_ON;
    }
    if ((asked & ANY_SWITCHED_OFF) != 0 && cells.any(days, slot, Seen.SWITCHED_OFF)) {
      f |= ANY_SWITCHED_OFF;
    }
    if ((asked & ANY_ON) != 0 && cells.any(days, slot, Seen.SOME_ON)) {
      f |= ANY_ON;
    }
    if ((asked & ANY_OFF) != 0 && cells.any(days, slot, Seen.SOME_OFF)) {
      f |= ANY_OFF;
    }
    if ((asked & KNOWN_ALL_DAYS) != 0 && knownOnAllDays(slot)) {
      f |= KNOWN_ALL_DAYS;
    }
    if ((asked & NIGHT_ANY_ON) != 0 && nightOn(slot, Seen.SOME_ON)) {
      f |= NIGHT_ANY_ON;
    }
    if ((asked & NIGHT_ANY_SWITCHED_ON) != 0 && nightOn(slot, Seen.SWITCHED_ON)) {
      f |= NIGHT_ANY_SWITCHED_ON;
    }
    return f;
  }

  /**
   * Whether the slot is night and saw {@code what} ({@link Seen#SOME_ON} or {@link Seen#SWITCHED_ON}) on any
   * weekday, and the lamp was lit around it on more than one date of the history ({@link LitDates}).
   * Lights at night (cleaners) keep no day type's schedule: a lamp lit at night at a time it was lit
   * on other nights of the history, whatever its day type, is not judged stuck on by that; one night
   * of the history (a lamp stuck on, a flicker) does not make the hour usual.
   */
  private boolean nightOn(int slot, Seen what) {
    return cells.isNight(slot) && cells.any(ALL_DAYS, slot, what) && (lit == null || lit.recurs(slot));
  }

  /** Whether the slot saw enough readings over all weekdays to judge ({@link AgreedState}'s facts). */
  private boolean knownOnAllDays(int slot) {
    return cells.total(ALL_DAYS, slot) >= MIN_SLOT_COUNT;
  }

  private boolean onOnSomeDay(int slot) {
    return cells.any(ALL_DAYS, slot, Seen.SOME_ON);
  }

  private boolean offOnSomeDay(int slot) {
    return cells.any(ALL_DAYS, slot, Seen.SOME_OFF);
  }
}
