package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;

/**
 * Domain checks of a digital on/off sensor. A lamp is checked for flicker (two or more toggles
 * within four readings, which its schedule never does) and for being stuck: on or off for two
 * readings in a row against its learned schedule, by local time of day and day type ({@link
 * WeekPattern}), either because the state is wrong for the time (10-minute slots that were on, or
 * off, in every training reading around this time on days of this type) or because it switched at a
 * time it never switched that way in training (until it switches back, at most
 * {@value #MAX_STUCK_READINGS} readings). A lamp switched on at night at times it was on other
 * nights of the history (cleaners; more than one date, {@link LitDates}) is therefore normal, and so is
 * a visit on a closed day type within an hour of a visit its history had ({@link #CLOSED_DAY_SLOTS}). Without a learned schedule (cold start) the expected state is the
 * one the lamp held for most of its recent readings. A fan switch has no
 * anomalies of its own: only a value other than 0 or 1 is flagged. Not thread-safe.
 */
final class DigitalCheck {
  static final int SLOTS = DayClock.SLOTS;
  private static final int CELLS = DayClock.DAYS * SLOTS;
  static final int MIN_SLOT_COUNT = 20;
  private static final int ALL_DAYS = (1 << DayClock.DAYS) - 1;
  static final int RECENT = 32;
  static final int MAX_STUCK_READINGS = 120;
  /** Readings before the newest in the flicker rule's window ({@link #lampRules}: two toggles among four readings). */
  static final int FLICKER_LOOKBACK = 3;
  /** Slots on either side of a time where a switch seen in training makes the same switch heard of. */
  static final int SWITCH_SLOTS = 2;
  /**
   * Slots on either side of a night time lit on more than one date where the cleaners' switch on
   * makes a switch on heard of: their start wanders from night to night by more than {@link
   * #SWITCH_SLOTS} (docs/ACCURACY.md, "Cleaners' wandering start", 2026-12-02).
   */
  static final int CLEANERS_SLOTS = 3;
  /**
   * Slots on either side of a switch on seen on a closed day type (a day group never lit all day
   * long: a factory's Sundays) where a switch on that day is a visit of the kind the history had:
   * the cleaners come about once per closed date, so two weeks hold one or two of their visits,
   * and their hour wanders by up to an hour from week to week (docs/ACCURACY.md, "Visits on closed
   * days", 2026-12-03, lc).
   */
  static final int CLOSED_DAY_SLOTS = 6;

  private final SensorDescription sensor;
  private final DayClock clock;
  /**
   * The learned schedule, one byte per local weekday and slot ({@code day * SLOTS + slot}), read
   * through the day type: {@link #cell} packs what the rules ask of a slot's training readings (how
   * many, counted up to {@link #MIN_SLOT_COUNT}; whether any was on, any off; whether the lamp
   * switched on, or off, there) into one of 189 values. The rules only compare sums of counts with
   * {@link #MIN_SLOT_COUNT} and ask "all on", "all off" and "ever switched", so their verdicts are
   * those of full counts in 1 KB instead of four int arrays (16 KB). Null while the check is
   * frozen (below).
   */
  private byte[] cells;
  /**
   * A restored check learns nothing (a trained lamp keeps its schedule), and its week pattern's day
   * groups are then fixed: it is frozen. Its schedule is kept packed as runs ({@link Packed}), for
   * {@link #state} and for unfreezing before it learns, and a lamp answers the rules from {@link
   * #facts}: per day group and slot, what {@link #total(int, int)} and {@link #anyCell} would say
   * over that group's weekdays. A few hundred bytes instead of the 1 KB schedule and the 2 KB week
   * pattern, with the same verdicts. Null when not frozen.
   */
  private byte[] packedCells;
  private byte[] facts;
  /** A frozen lamp's states that all weekdays agree on (where its day type has too little history); null when not frozen. */
  private AgreedState agreed;
  /** A frozen lamp's day group of each weekday, 3 bits each (Monday lowest). */
  private int dayGroups;
  private final WeekPattern week;
  /** On how many dates of the history the lamp was lit around each time of day; null for a fan's switch and for a model saved without it. */
  private final LitDates lit;
  private Boolean stateBeforeOddSwitch;
  /** Whether the lamp is on since a switch on that was a visit on a closed day ({@link #isClosedDayVisit}). */
  private boolean onClosedDayVisit;
  private int sinceOddSwitch;
  /** The state the lamp held before its latest switch, and readings since that switch. */
  private Boolean stateBeforeLastSwitch;
  private int sinceLastSwitch;
  private final byte[] recent = new byte[RECENT];
  private int recentSize;
  private int recentHead;
  private int contradictions;
  private boolean flickering;
  private Instant lastAt;
  /**
   * A lamp's training readings not learned yet: each is learned {@value #FLICKER_LOOKBACK} readings
   * late, once every window of the flicker rule that holds it is known ({@link #queue}).
   */
  private final Instant[] pendingAt = new Instant[FLICKER_LOOKBACK];
  private final boolean[] pendingOn = new boolean[FLICKER_LOOKBACK];
  private final boolean[] pendingFlicker = new boolean[FLICKER_LOOKBACK];
  private int pendingSize;
  /** The state of the latest training reading learned outside a flicker. */
  private Boolean learnedState;

  /** Saved form: the learned schedule (counts: a slot's readings up to {@link #MIN_SLOT_COUNT} tell the rules all they use). */
  record State(int[] onCount, int[] total, int[] switchedOn, int[] switchedOff, WeekPattern.State week,
      LitDates.State lit) {
    State {
      if (onCount.length != CELLS || total.length != CELLS || switchedOn.length != CELLS
          || switchedOff.length != CELLS) {
        throw new IllegalArgumentException("digital schedule needs " + CELLS + " cells, got " + total.length);
      }
      onCount = onCount.clone();
      total = total.clone();
      switchedOn = switchedOn.clone();
      switchedOff = switchedOff.clone();
    }
  }

  DigitalCheck(SensorDescription sensor) {
    this(sensor, new byte[CELLS], new WeekPattern(), sensor.category() == Category.LAMP ? new LitDates() : null);
  }

  private DigitalCheck(SensorDescription sensor, byte[] cells, WeekPattern week, LitDates lit) {
    this.sensor = sensor;
    this.clock = new DayClock(sensor.zone());
    this.week = week;
    this.cells = cells;
    this.lit = lit;
  }

  static DigitalCheck restore(SensorDescription sensor, State s) {
    byte[] cells = new byte[CELLS];
    for (int i = 0; i < CELLS; i++) {
      int on = s.onCount()[i];
      int off = s.total()[i] - on;
      cells[i] = cell(s.total()[i], s.switchedOn()[i] > 0 ? SWITCHED : on > 0 ? SEEN : NONE,
          s.switchedOff()[i] > 0 ? SWITCHED : off > 0 ? SEEN : NONE);
    }
    DigitalCheck check = new DigitalCheck(sensor, cells, WeekPattern.restore(s.week()),
        s.lit() == null ? null : LitDates.restore(s.lit()));
    check.freeze();
    return check;
  }

  /**
   * Queues a lamp's training reading. A reading of a flicker of the history (from the first toggle
   * of a window of the flicker rule, this reading and the {@value #FLICKER_LOOKBACK} before it,
   * that holds two or more toggles) while the lamp was lit before the flicker is a fault, not the
   * schedule: it is learned as a lit reading and no switch ({@link #learnOldestPending}), so a
   * flicker in opening hours makes no hour usual for dark (a lamp dark there later is stuck off at
   * once, not only once the expected state's window has passed the flicker's slots). A flicker out
   * of a dark lamp is learned as it was: leaving its light out too costs false stuck-on alerts on
   * the check sets (docs/ACCURACY.md, "Flickers of the history in opening hours", 2026-12-03, so).
   */
  private void queue(Instant at, boolean on) {
    int toggles = 0;
    int first = -1;
    for (int i = 0; i < pendingSize; i++) {
      boolean next = i + 1 < pendingSize ? pendingOn[i + 1] : on;
      if (pendingOn[i] != next) {
        toggles++;
        first = first < 0 ? i + 1 : first;
      }
    }
    boolean flicker = toggles >= 2;
    if (flicker) {
      for (int i = first; i < pendingSize; i++) {
        pendingFlicker[i] = true;
      }
    }
    if (pendingSize == FLICKER_LOOKBACK) {
      learnOldestPending();
    }
    pendingAt[pendingSize] = at;
    pendingOn[pendingSize] = on;
    pendingFlicker[pendingSize] = flicker;
    pendingSize++;
  }

  private void learnOldestPending() {
    boolean inLight = pendingFlicker[0] && Boolean.TRUE.equals(learnedState);
    learn(pendingAt[0], inLight || pendingOn[0], learnedState, inLight);
    if (!inLight) {
      learnedState = pendingOn[0];
    }
    for (int i = 1; i < pendingSize; i++) {
      pendingAt[i - 1] = pendingAt[i];
      pendingOn[i - 1] = pendingOn[i];
      pendingFlicker[i - 1] = pendingFlicker[i];
    }
    pendingSize--;
    pendingAt[pendingSize] = null;
  }

  /** Learns the queued training readings (before the lamp is scored or saved). */
  private void learnPending() {
    while (pendingSize > 0) {
      learnOldestPending();
    }
  }

  /**
   * Learns one reading into the schedule: {@code previous} is the state before it, {@code
   * unswitched} that it is no switch whatever {@code previous} says (a flicker's reading learned as
   * lit, {@link #queue}).
   */
  private void learn(Instant at, boolean on, Boolean previous, boolean unswitched) {
    int day = clock.dayOf(at);
    int slot = clock.slotOf(at);
    int s = day * SLOTS + slot;
    week.learn(day, slot, on ? 1 : 0);
    if (lit != null) {
      lit.learn(clock.dateOf(at), slot, on);
    }
    int seen = !unswitched && previous != null && previous != on ? SWITCHED : SEEN;
    int c = cells[s] & 0xFF;
    cells[s] = cell(total(c) + 1, on ? Math.max(onSeen(c), seen) : onSeen(c), on ? offSeen(c) : Math.max(offSeen(c), seen));
  }

  /** Whether the check is frozen (restored, has learned nothing since). */
  boolean isFrozen() {
    return cells == null;
  }

  private static final int KNOWN = 1;
  private static final int ANY_SWITCHED_ON = 2;
  private static final int ANY_SWITCHED_OFF = 4;
  private static final int ANY_ON = 8;
  private static final int ANY_OFF = 16;
  private static final int KNOWN_ALL_DAYS = 32;
  /** At night ({@link #isNight}): on, or switched on, there on any weekday ({@link #nightOn}). */
  private static final int NIGHT_ANY_ON = 64;
  private static final int NIGHT_ANY_SWITCHED_ON = 128;

  private void freeze() {
    if (!week.isPacked()) {
      return;
    }
    if (sensor.category() == Category.LAMP) {
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
          table[g * SLOTS + k] = (byte) ((total(sets[g], k) >= MIN_SLOT_COUNT ? KNOWN : 0)
              | (anyCell(sets[g], k, SWITCHED_ON) ? ANY_SWITCHED_ON : 0)
              | (anyCell(sets[g], k, SWITCHED_OFF) ? ANY_SWITCHED_OFF : 0)
              | (anyCell(sets[g], k, SOME_ON) ? ANY_ON : 0)
              | (anyCell(sets[g], k, SOME_OFF) ? ANY_OFF : 0)
              | (total(ALL_DAYS, k) >= MIN_SLOT_COUNT ? KNOWN_ALL_DAYS : 0)
              | (nightOn(k, SOME_ON) ? NIGHT_ANY_ON : 0)
              | (nightOn(k, SWITCHED_ON) ? NIGHT_ANY_SWITCHED_ON : 0));
        }
      }
      facts = table;
      dayGroups = dayGroup;
      agreed = AgreedState.of(SLOTS, this::knownOnAllDays, this::onOnSomeDay, this::offOnSomeDay);
    }
    packedCells = Packed.runs(cells);
    cells = null;
  }

  /** Unfreezes a restored check before it learns. */
  private void thaw() {
    if (cells == null) {
      cells = Packed.readRuns(packedCells, CELLS);
      packedCells = null;
      facts = null;
      agreed = null;
    }
  }

  /** A frozen lamp's facts of a slot on a weekday's group. */
  private int factsOf(int day, int slot) {
    return facts[((dayGroups >>> (3 * day)) & 7) * SLOTS + slot];
  }

  /** The schedule as counts that give the same verdicts (a slot's total up to {@link #MIN_SLOT_COUNT}). */
  State state() {
    learnPending();
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
    return new State(onCount, total, switchedOn, switchedOff, week.state(), lit == null ? null : lit.state());
  }

  /** A state seen in a slot: never, in a reading, or switched into there. */
  private static final int NONE = 0;
  private static final int SEEN = 1;
  private static final int SWITCHED = 2;

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

  /** Scores, then learns the schedule from training, or live (cold start) from readings judged normal. */
  Detection observe(Instant at, double value, boolean training, boolean ready, boolean learnLive) {
    if (value != 0 && value != 1) {
      return new Detection(1, sensor.category() == Category.LAMP ? AnomalyKind.FLICKER : AnomalyKind.STALL, 0, 1, true);
    }
    boolean on = value == 1;
    if (!training) {
      learnPending();
    }
    Detection d = sensor.category() == Category.LAMP && !training ? lampVerdict(at, on) : null;
    if (training && lit != null) {
      thaw();
      queue(at, on);
    } else if (training || (learnLive && (d == null || d.score() < 0.5))) {
      thaw();
      learn(at, on, previousState(), false);
    }
    remember(on);
    lastAt = at;
    if (!ready || training || d == null) {
      return ready && !training ? new Detection(0, null, Double.NaN, Double.NaN, true) : Detection.WARMING_UP;
    }
    return d;
  }

  private Detection lampVerdict(Instant at, boolean on) {
    return lampRules(at, on);
  }

  private Detection lampRules(Instant at, boolean on) {
    int toggles = togglesWith(on, 3);
    if (toggles >= 2) {
      flickering = true;
      contradictions = 0;
      return new Detection(1, AnomalyKind.FLICKER, Double.NaN, Double.NaN, true);
    }
    if (flickering && toggles >= 1) {
      return new Detection(0.8, AnomalyKind.FLICKER, Double.NaN, Double.NaN, true);
    }
    flickering = false;
    if (visitsClosedDay(at, on)) {
      contradictions = 0;
      return new Detection(0, null, 0, 1, true);
    }
    Boolean expected = expectedState(at);
    if (oddSwitch(at, on)) {
      expected = !on;
    }
    if (expected == null || expected == on) {
      contradictions = 0;
      return new Detection(0, null, expected == null ? 0 : bit(expected), expected == null ? 1 : bit(expected), true);
    }
    contradictions++;
    double score = contradictions >= 2 ? 1 : 0.6;
    return new Detection(score, on ? AnomalyKind.STUCK_ON : AnomalyKind.STUCK_OFF, bit(expected), bit(expected), true);
  }

  /**
   * Whether the lamp is on in a visit on a closed day ({@link #isClosedDayVisit}) and has
   * stayed on since, for at most {@value #MAX_STUCK_READINGS} readings and only while the history
   * had the lamp lit on days of this type within {@value #CLOSED_DAY_SLOTS} slots: a visit that
   * outlasts the history's is judged by the other rules again.
   */
  private boolean visitsClosedDay(Instant at, boolean on) {
    Boolean previous = previousState();
    if (!on || previous == null) {
      onClosedDayVisit = false;
    } else if (!previous) {
      onClosedDayVisit = isClosedDayVisit(at);
    } else if (sinceLastSwitch >= MAX_STUCK_READINGS || !litNear(at)) {
      onClosedDayVisit = false;
    }
    return onClosedDayVisit;
  }

  /**
   * Whether a switch on now is a visit on a closed day: the day type was lit in every reading at no
   * slot of the history, and a switch on was seen on days of this type within {@value
   * #CLOSED_DAY_SLOTS} slots of now.
   */
  private boolean isClosedDayVisit(Instant at) {
    int day = clock.dayOf(at);
    int s = clock.slotOf(at);
    boolean frozen = cells == null;
    int days = week.alikeWith(day); // as the other rules ask it (it may regroup)
    boolean switchedOnNear = false;
    for (int k = 0; k < SLOTS; k++) {
      if (frozen ? allOn(factsOf(day, k)) : allOn(days, k)) {
        return false;
      }
      int distance = Math.abs(Math.floorMod(k - s + SLOTS / 2, SLOTS) - SLOTS / 2);
      switchedOnNear |= distance <= CLOSED_DAY_SLOTS
          && (frozen ? (factsOf(day, k) & ANY_SWITCHED_ON) != 0 : anyCell(days, k, SWITCHED_ON));
    }
    return switchedOnNear;
  }

  /** Whether the lamp was lit on days of this type within {@value #CLOSED_DAY_SLOTS} slots of now. */
  private boolean litNear(Instant at) {
    int day = clock.dayOf(at);
    int s = clock.slotOf(at);
    boolean frozen = cells == null;
    int days = week.alikeWith(day);
    for (int d = -CLOSED_DAY_SLOTS; d <= CLOSED_DAY_SLOTS; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      if (frozen ? (factsOf(day, k) & ANY_ON) != 0 : anyCell(days, k, SOME_ON)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allOn(int facts) {
    return (facts & ANY_ON) != 0 && (facts & ANY_OFF) == 0;
  }

  private boolean allOn(int days, int slot) {
    return anyCell(days, slot, SOME_ON) && !anyCell(days, slot, SOME_OFF);
  }

  /**
   * Whether the lamp is in a state it switched to at a time of day it never switched that way in
   * training, and has not switched back since.
   */
  private boolean oddSwitch(Instant at, boolean on) {
    Boolean previous = previousState();
    if (stateBeforeOddSwitch != null) {
      sinceOddSwitch++;
      if (on == stateBeforeOddSwitch || sinceOddSwitch > MAX_STUCK_READINGS) {
        stateBeforeOddSwitch = null;
        return false;
      }
      return true;
    }
    if (previous == null || previous == on || (endsExcursion(on) && !litInEveryReading(at))
        || !switchIsUnheardOf(at, on)) {
      return false;
    }
    stateBeforeOddSwitch = previous;
    sinceOddSwitch = 0;
    return true;
  }

  /**
   * Whether switching off returns the lamp to the state it held before it switched on, at most
   * {@value #MAX_STUCK_READINGS} readings ago: the end of a short on-period (cleaners leaving at
   * night) is no fault of its own, whenever it happens, unless it goes dark at a slot lit in every
   * reading of the history ({@link #litInEveryReading}). A lamp that goes dark where its
   * schedule has it on is still stuck off by the expected state; a lamp that comes back on after
   * a short dark spell (closing time, then stuck on) is judged as any switch on.
   */
  private boolean endsExcursion(boolean on) {
    return !on && Boolean.FALSE.equals(stateBeforeLastSwitch) && sinceLastSwitch <= MAX_STUCK_READINGS;
  }

  /**
   * Whether the history had the lamp on in every reading of this slot on days of this type (with
   * enough history to say so). A switch off here ends no short on-period of the cleaners' kind:
   * the lamp was lit for the day (its opening came, at most {@value #MAX_STUCK_READINGS} readings
   * ago) and went dark in the middle of a stretch no day of the history was dark in. The expected
   * state leaves it alone only because its window reaches back to the mornings that opened later
   * (a late switch on), which this lamp already had behind it (docs/ACCURACY.md, "A lamp going dark
   * soon after its opening", 2026-12-03, so).
   */
  private boolean litInEveryReading(Instant at) {
    int day = clock.dayOf(at);
    int s = clock.slotOf(at);
    if (cells == null) {
      week.alikeWith(day); // as the unfrozen rules ask it (it may regroup)
      int f = factsOf(day, s);
      return (f & KNOWN) != 0 && allOn(f);
    }
    int days = week.alikeWith(day);
    return total(days, s) >= MIN_SLOT_COUNT && allOn(days, s);
  }

  /**
   * Whether no switch the same way was seen in training within {@value #SWITCH_SLOTS} slots of this
   * time on days of this type, nor a night switch on of the cleaners ({@link #nightOn}). A switch on
   * at a night slot where the lamp was lit on more than one date of the history also counts the
   * cleaners' switches on up to {@value #CLEANERS_SLOTS} slots away: their start wanders from night
   * to night. Every slot looked at must have enough history, else no verdict.
   */
  private boolean switchIsUnheardOf(Instant at, boolean on) {
    int s = clock.slotOf(at);
    int reach = on ? CLEANERS_SLOTS : SWITCH_SLOTS;
    if (cells == null) {
      int day = clock.dayOf(at);
      week.alikeWith(day); // as the unfrozen rules ask it (it may regroup), so a thawed check goes on alike
      boolean litHere = (factsOf(day, s) & NIGHT_ANY_ON) != 0;
      for (int d = -reach; d <= reach; d++) {
        int f = factsOf(day, Math.floorMod(s + d, SLOTS));
        int heardOf = !on ? ANY_SWITCHED_OFF
            : Math.abs(d) <= SWITCH_SLOTS ? ANY_SWITCHED_ON | NIGHT_ANY_SWITCHED_ON
            : litHere ? NIGHT_ANY_SWITCHED_ON : 0;
        if ((f & KNOWN) == 0 || (f & heardOf) != 0) {
          return false;
        }
      }
      return true;
    }
    int days = week.alikeWith(clock.dayOf(at));
    boolean litHere = on && nightOn(s, SOME_ON);
    for (int d = -reach; d <= reach; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      boolean near = Math.abs(d) <= SWITCH_SLOTS;
      if (total(days, k) < MIN_SLOT_COUNT || (near && anyCell(days, k, on ? SWITCHED_ON : SWITCHED_OFF))
          || (on && (near || litHere) && nightOn(k, SWITCHED_ON))) {
        return false;
      }
    }
    return true;
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

  private static final int SWITCHED_ON = 0;
  private static final int SWITCHED_OFF = 1;
  private static final int SOME_ON = 2;
  private static final int SOME_OFF = 3;

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

  private Boolean previousState() {
    return recentSize == 0 ? null : recent[Math.floorMod(recentHead - 1, RECENT)] == 1;
  }

  /** The state the lamp should be in now, or null when either is normal. */
  private Boolean expectedState(Instant at) {
    int s = clock.slotOf(at);
    if (cells == null) {
      int day = clock.dayOf(at);
      week.alikeWith(day); // as below (it may regroup), so a thawed check goes on alike
      return frozenExpectedState(day, s);
    }
    int days = week.alikeWith(clock.dayOf(at));
    boolean known = true;
    boolean someOn = false;
    boolean someOff = false;
    for (int d = -2; d <= 2; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      known &= total(days, k) >= MIN_SLOT_COUNT;
      someOn |= anyCell(days, k, SOME_ON) || (Math.abs(d) <= 1 && nightOn(k, SOME_ON));
      someOff |= anyCell(days, k, SOME_OFF);
    }
    if (known) { // every reading around now on (or off) on days of this type
      return !someOff ? Boolean.TRUE : !someOn ? Boolean.FALSE : null;
    }
    // Too little history of this day type (two closed Mondays in a fortnight, minus dropouts): the
    // state every weekday agrees on, if any (dark at night on every day). The recent majority stands
    // in only while the lamp has no schedule at all (cold start); otherwise a long night cleaning on
    // a closed day would become the expected state.
    return knownOnAllDays(s)
        ? AgreedState.around(s, SLOTS, this::knownOnAllDays, this::onOnSomeDay, this::offOnSomeDay)
        : recentMajority();
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

  /** {@link #expectedState} of a frozen lamp, from its facts. */
  private Boolean frozenExpectedState(int day, int s) {
    boolean known = true;
    boolean someOn = false;
    boolean someOff = false;
    for (int d = -2; d <= 2; d++) {
      int f = factsOf(day, Math.floorMod(s + d, SLOTS));
      known &= (f & KNOWN) != 0;
      someOn |= (f & (Math.abs(d) <= 1 ? ANY_ON | NIGHT_ANY_ON : ANY_ON)) != 0;
      someOff |= (f & ANY_OFF) != 0;
    }
    if (known) {
      return !someOff ? Boolean.TRUE : !someOn ? Boolean.FALSE : null;
    }
    return (factsOf(day, s) & KNOWN_ALL_DAYS) != 0 ? agreed.around(s) : recentMajority();
  }

  private Boolean recentMajority() {
    if (recentSize < 12) {
      return null;
    }
    int on = 0;
    for (int i = 0; i < recentSize; i++) {
      on += recent[i];
    }
    if (on >= 0.8 * recentSize) {
      return Boolean.TRUE;
    }
    return on <= 0.2 * recentSize ? Boolean.FALSE : null;
  }

  /** Toggles among the last {@code previous} readings and this one. */
  private int togglesWith(boolean on, int previous) {
    int n = Math.min(previous, recentSize);
    int toggles = 0;
    byte next = (byte) (on ? 1 : 0);
    for (int i = 0; i < n; i++) {
      byte v = recent[Math.floorMod(recentHead - 1 - i, RECENT)];
      toggles += v != next ? 1 : 0;
      next = v;
    }
    return toggles;
  }

  private void remember(boolean on) {
    Boolean previous = previousState();
    if (previous != null && previous != on) {
      stateBeforeLastSwitch = previous;
      sinceLastSwitch = 0;
    } else if (sinceLastSwitch <= MAX_STUCK_READINGS) {
      sinceLastSwitch++;
    }
    recent[recentHead] = (byte) (on ? 1 : 0);
    recentHead = (recentHead + 1) % RECENT;
    recentSize = Math.min(recentSize + 1, RECENT);
  }

  private static double bit(boolean b) {
    return b ? 1 : 0;
  }
}
