package com.anomalywatcher.detect;

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
  /**
   * Slots by which the cleaners' visits wander from week to week: up to an hour (docs/accuracy-log.md,
   * "Visits on closed days", 2026-12-03, lc: 26–49 min between the history's visit and the test
   * week's).
   */
  static final int CLEANERS_WANDER_SLOTS = 6;
  private static final int ALL_DAYS = (1 << DayClock.DAYS) - 1;

  /** A fact of a slot ({@link #facts}): enough readings on the day type. */
  static final int KNOWN = 1;
  static final int ANY_SWITCHED_ON = 2;
  static final int ANY_SWITCHED_OFF = 4;
  static final int ANY_ON = 8;
  static final int ANY_OFF = 16;
  /** Enough readings over all weekdays ({@link #agreedAround}). */
  static final int KNOWN_ALL_DAYS = 32;
  /** At night ({@link #isNight}): on, or switched on, there on any weekday ({@link #nightOn}). */
  static final int NIGHT_ANY_ON = 64;
  static final int NIGHT_ANY_SWITCHED_ON = 128;
  private static final int ALL_FACTS = 255;

  /** The planes of {@link #frozenSlots}, and the longs of a plane (a bit per slot). */
  private static final int AGREED_ON = 0;
  private static final int AGREED_OFF = 1;
  private static final int ONCE_DEEP = 2;
  private static final int WORDS = (SLOTS + 63) / 64;

  /** A state seen in a slot: never, in a reading, or switched into there. */
  private static final int NONE = 0;
  private static final int SEEN = 1;
  private static final int SWITCHED = 2;

  /** What {@link #anyCell} asks of a slot. */
  private static final int SWITCHED_ON = 0;
  private static final int SWITCHED_OFF = 1;
  private static final int SOME_ON = 2;
  private static final int SOME_OFF = 3;

  private final DayClock clock;
  /** Whether the sensor is a lamp: only a lamp's schedule is asked, so only a lamp's is frozen into facts. */
  private final boolean lamp;
  /**
   * The live schedule, one byte per local weekday and slot ({@code day * SLOTS + slot}), read
   * through the day type: {@link #cell} packs what the rules ask of a slot's training readings (how
   * many, counted up to {@link #MIN_SLOT_COUNT}; whether any was on, any off; whether the lamp
   * switched on, or off, there) into one of 189 values. The rules only compare sums of counts with
   * {@link #MIN_SLOT_COUNT} and ask "all on", "all off" and "ever switched", so their verdicts are
   * those of full counts in 1 KB instead of four int arrays (16 KB). Null while frozen.
   */
  private byte[] cells;
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
    this(clock, lamp, new byte[CELLS], new WeekPattern(), lamp ? new LitDates() : null);
  }

  private LampSchedule(DayClock clock, boolean lamp, byte[] cells, WeekPattern week, LitDates lit) {
    this.clock = clock;
    this.lamp = lamp;
    this.cells = cells;
    this.week = week;
    this.lit = lit;
  }

  /** A saved schedule, frozen. */
  static LampSchedule restore(DayClock clock, boolean lamp, DigitalCheck.State s) {
    byte[] cells = new byte[CELLS];
    for (int i = 0; i < CELLS; i++) {
      int on = s.onCount()[i];
      int off = s.total()[i] - on;
      cells[i] = cell(s.total()[i], s.switchedOn()[i] > 0 ? SWITCHED : on > 0 ? SEEN : NONE,
          s.switchedOff()[i] > 0 ? SWITCHED : off > 0 ? SEEN : NONE);
    }
    LampSchedule schedule = new LampSchedule(clock, lamp, cells, WeekPattern.restore(s.week()),
        s.lit() == null ? null : LitDates.restore(s.lit()));
    schedule.freeze();
    return schedule;
  }

  /** The schedule as counts that give the same verdicts (a slot's total up to {@link #MIN_SLOT_COUNT}). */
  DigitalCheck.State state() {
    byte[] cells = this.cells != null ? this.cells : Packed.readRuns(packedCells, CELLS);
    int[] onCount = new int[CELLS];
    int[] total = new int[CELLS];
    int[] switchedOn = new int[CELLS];
    int[] switchedOff = new int[CELLS];
    for (int i = 0; i < CELLS; i++) {
      int c = cells[i] & 0xFF;
      total[i] = total(c);
      // some on and some off: at least one of each among at least two readings
      onCount[i] = onSeen(c) == NONE ? 0 : offSeen(c) == NONE ? total[i] : 1;
      switchedOn[i] = onSeen(c) == SWITCHED ? 1 : 0;
      switchedOff[i] = offSeen(c) == SWITCHED ? 1 : 0;
    }
    return new DigitalCheck.State(onCount, total, switchedOn, switchedOff, week.state(), lit == null ? null : lit.state());
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
    int s = day * SLOTS + slot;
    liveOnceDeep = null;
    week.learn(day, slot, on ? 1 : 0);
    if (lit != null) {
      lit.learn(clock.dateOf(at), slot, on);
    }
    int seen = !unswitched && previous != null && previous != on ? SWITCHED : SEEN;
    int c = cells[s] & 0xFF;
    cells[s] = cell(total(c) + 1, on ? Math.max(onSeen(c), seen) : onSeen(c), on ? offSeen(c) : Math.max(offSeen(c), seen));
  }

  /** Unfreezes a restored schedule before it learns. */
  void thaw() {
    if (cells == null) {
      cells = Packed.readRuns(packedCells, CELLS);
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
      frozenSlots = slotAnswers();
    }
    if (lit != null) {
      lit.pack();
    }
    packedCells = Packed.runs(cells);
    cells = null;
  }

  /**
   * Whether the lamp was lit around this night slot on one date of the history only ({@link
   * LitDates#recurs}) and the slot lies deeper into the night than the cleaners come: further from
   * the nearest slot that is not night ({@link LitDates#nights}) than every night slot where the
   * history's light recurred, by more than {@value #CLEANERS_WANDER_SLOTS} slots. The cleaners'
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

  /** The slots {@link #litOnceDeepAtNight} holds for, from the live schedule's dates lit. */
  private BitSet onceDeepSlots() {
    BitSet deep = new BitSet(SLOTS);
    if (!lamp || lit == null) {
      return deep;
    }
    boolean[] night = lit.nights();
    int[] depth = depths(night);
    int deepest = -1;
    for (int k = 0; k < SLOTS; k++) {
      if (night[k] && lit.recurs(k)) {
        deepest = Math.max(deepest, depth[k]);
      }
    }
    if (deepest < 0) {
      return deep;
    }
    for (int k = 0; k < SLOTS; k++) {
      if (night[k] && !lit.recurs(k) && depth[k] > deepest + CLEANERS_WANDER_SLOTS) {
        deep.set(k);
      }
    }
    return deep;
  }

  /**
   * Per slot, how many slots away the nearest slot that is not night lies (0 for one that is not
   * night; {@link #SLOTS} when every slot is night).
   */
  static int[] depths(boolean[] night) {
    int n = night.length;
    int[] depth = new int[n];
    java.util.Arrays.fill(depth, n);
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
    if ((asked & KNOWN) != 0 && total(days, slot) >= MIN_SLOT_COUNT) {
      f |= KNOWN;
    }
    if ((asked & ANY_SWITCHED_ON) != 0 && anyCell(days, slot, SWITCHED_ON)) {
      f |= ANY_SWITCHED_ON;
    }
    if ((asked & ANY_SWITCHED_OFF) != 0 && anyCell(days, slot, SWITCHED_OFF)) {
      f |= ANY_SWITCHED_OFF;
    }
    if ((asked & ANY_ON) != 0 && anyCell(days, slot, SOME_ON)) {
      f |= ANY_ON;
    }
    if ((asked & ANY_OFF) != 0 && anyCell(days, slot, SOME_OFF)) {
      f |= ANY_OFF;
    }
    if ((asked & KNOWN_ALL_DAYS) != 0 && knownOnAllDays(slot)) {
      f |= KNOWN_ALL_DAYS;
    }
    if ((asked & NIGHT_ANY_ON) != 0 && nightOn(slot, SOME_ON)) {
      f |= NIGHT_ANY_ON;
    }
    if ((asked & NIGHT_ANY_SWITCHED_ON) != 0 && nightOn(slot, SWITCHED_ON)) {
      f |= NIGHT_ANY_SWITCHED_ON;
    }
    return f;
  }

  /**
   * Whether the slot is night for this lamp: on no weekday was it on in every training reading
   * there (outside the opening hours of every day type).
   */
  private boolean isNight(int slot) {
    for (int day = 0; day < DayClock.DAYS; day++) {
      int c = cells[day * SLOTS + slot] & 0xFF;
      if (onSeen(c) != NONE && offSeen(c) == NONE) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the slot is night and saw {@code what} ({@link #SOME_ON} or {@link #SWITCHED_ON}) on any
   * weekday, and the lamp was lit around it on more than one date of the history ({@link LitDates}).
   * Lights at night (cleaners) keep no day type's schedule: a lamp lit at night at a time it was lit
   * on other nights of the history, whatever its day type, is not judged stuck on by that; one night
   * of the history (a lamp stuck on, a flicker) does not make the hour usual.
   */
  private boolean nightOn(int slot, int what) {
    return isNight(slot) && anyCell(ALL_DAYS, slot, what) && (lit == null || lit.recurs(slot));
  }

  /** Whether the slot saw enough readings over all weekdays to judge ({@link AgreedState}'s facts). */
  private boolean knownOnAllDays(int slot) {
    return total(ALL_DAYS, slot) >= MIN_SLOT_COUNT;
  }

  private boolean onOnSomeDay(int slot) {
    return anyCell(ALL_DAYS, slot, SOME_ON);
  }

  private boolean offOnSomeDay(int slot) {
    return anyCell(ALL_DAYS, slot, SOME_OFF);
  }

  /** A slot's readings over the weekdays in the bit set {@code days}, each day's counted up to {@link #MIN_SLOT_COUNT}. */
  private int total(int days, int slot) {
    int n = 0;
    for (int day = 0; day < DayClock.DAYS; day++) {
      if ((days & (1 << day)) != 0) {
        n += total(cells[day * SLOTS + slot] & 0xFF);
      }
    }
    return n;
  }

  /** Whether, on any weekday in {@code days}, the slot saw {@code what}. */
  private boolean anyCell(int days, int slot, int what) {
    for (int day = 0; day < DayClock.DAYS; day++) {
      if ((days & (1 << day)) != 0) {
        int c = cells[day * SLOTS + slot] & 0xFF;
        boolean yes = switch (what) {
          case SWITCHED_ON -> onSeen(c) == SWITCHED;
          case SWITCHED_OFF -> offSeen(c) == SWITCHED;
          case SOME_ON -> onSeen(c) != NONE;
          default -> offSeen(c) != NONE;
        };
        if (yes) {
          return true;
        }
      }
    }
    return false;
  }

  /** Packs a slot: readings (counted up to {@link #MIN_SLOT_COUNT}), how "on" and how "off" were seen there. */
  private static byte cell(int total, int on, int off) {
    return (byte) (Math.min(total, MIN_SLOT_COUNT) * 9 + on * 3 + off);
  }

  private static int total(int cell) {
    return cell / 9;
  }

  private static int onSeen(int cell) {
    return cell % 9 / 3;
  }

  private static int offSeen(int cell) {
    return cell % 3;
  }
}
