package com.anomalywatcher.detect;

import static com.anomalywatcher.detect.LampSchedule.ANY_OFF;
import static com.anomalywatcher.detect.LampSchedule.ANY_ON;
import static com.anomalywatcher.detect.LampSchedule.ANY_SWITCHED_OFF;
import static com.anomalywatcher.detect.LampSchedule.ANY_SWITCHED_ON;
import static com.anomalywatcher.detect.LampSchedule.KNOWN;
import static com.anomalywatcher.detect.LampSchedule.KNOWN_ALL_DAYS;
import static com.anomalywatcher.detect.LampSchedule.NIGHT_ANY_ON;
import static com.anomalywatcher.detect.LampSchedule.NIGHT_ANY_SWITCHED_ON;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import java.time.Duration;
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
 * a visit on a closed day type within an hour of a visit its history had ({@link #CLOSED_DAY_SLOTS}).
 * A night's light of the history on one date only, deeper into the night than the cleaners' recurring
 * light comes, makes no hour usual on its day type ({@link LampSchedule#litOnceDeepAtNight}).
 * Without a learned schedule (cold start) the expected state is the one the lamp held for most of
 * its recent readings ({@link RecentStates}). A fan switch has no anomalies of its own: only a value
 * other than 0 or 1 is flagged. The rules ask the learned schedule ({@link LampSchedule}) the same
 * questions whether it is still learning or restored and frozen; training readings reach it through
 * a {@link FlickerQueue}. Not thread-safe.
 */
final class DigitalCheck {
  static final int SLOTS = DayClock.SLOTS;
  private static final int CELLS = LampSchedule.CELLS;
  static final int MIN_SLOT_COUNT = LampSchedule.MIN_SLOT_COUNT;
  static final int RECENT = RecentStates.SIZE;
  static final int MAX_STUCK_READINGS = 120;
  /** Readings before the newest in the flicker rule's window ({@link #lampRules}: two toggles among four readings). */
  static final int FLICKER_LOOKBACK = 3;
  /** Slots on either side of a time where a switch seen in training makes the same switch heard of. */
  static final int SWITCH_SLOTS = 2;
  /**
   * Slots on either side of a night time lit on more than one date where the cleaners' switch on
   * makes a switch on heard of: their start wanders from night to night by more than {@link
   * #SWITCH_SLOTS} (docs/accuracy-log.md, "Cleaners' wandering start", 2026-12-02).
   */
  static final int CLEANERS_SLOTS = 3;
  /**
   * Slots on either side of a switch on seen on a closed day type (a day group never lit all day
   * long: a factory's Sundays) where a switch on that day is a visit of the kind the history had:
   * the cleaners come about once per closed date, so two weeks hold one or two of their visits,
   * and their hour wanders by up to an hour from week to week (docs/accuracy-log.md, "Visits on closed
   * days", 2026-12-03, lc).
   */
  static final int CLOSED_DAY_SLOTS = LitDates.CLEANERS_WANDER_SLOTS;
  /** A slot of the day ({@link DayClock}): the step back across a gap before a switch. */
  private static final Duration SLOT = Duration.ofDays(1).dividedBy(SLOTS);
  private static final Duration WEEK = Duration.ofDays(DayClock.DAYS);

  private final SensorDescription sensor;
  private final DayClock clock;
  /** The learned schedule the rules ask, live or frozen. */
  private final LampSchedule schedule;
  /**
   * A lamp's training readings on their way into the schedule; null until the first (a restored
   * lamp that only watches never needs one) and for a fan's switch (learned at once).
   */
  private FlickerQueue pending;
  private Boolean stateBeforeOddSwitch;
  /**
   * Whether the lamp is dark since a switch off at a time it never switched off in training, let
   * pass only as the end of a short on-period ({@link #endsExcursion}) because some morning of the
   * history was still dark in that slot ({@link #darkIntoLitStretch}).
   */
  private boolean darkAfterUnheardOfSwitchOff;
  /** Whether the lamp is on since a switch on that was a visit on a closed day ({@link #isClosedDayVisit}). */
  private boolean onClosedDayVisit;
  private int sinceOddSwitch;
  /** The latest on/off readings: their states and the time of the newest. */
  private final RecentStates recent = new RecentStates();
  private int contradictions;
  /**
   * Whether the readings contradicting the schedule began with a switch: a flicker begins so, and
   * a stuck verdict then waits until the flicker rule's window ({@value #FLICKER_LOOKBACK} readings
   * after the switch) has seen no second toggle. A lamp that contradicts its schedule without
   * switching (it failed to switch) is stuck from its second reading, as before.
   */
  private boolean contradictionAtSwitch;
  private boolean flickering;

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
    this(sensor, null);
  }

  /** A check with a saved schedule ({@code saved}, frozen), or a new one learning from nothing (null). */
  private DigitalCheck(SensorDescription sensor, State saved) {
    boolean lamp = sensor.category() == Category.LAMP;
    this.sensor = sensor;
    this.clock = new DayClock(sensor.zone());
    this.schedule = saved == null ? new LampSchedule(clock, lamp) : LampSchedule.restore(clock, lamp, saved);
  }

  static DigitalCheck restore(SensorDescription sensor, State s) {
    return new DigitalCheck(sensor, s);
  }

  /** Whether the check is frozen (restored, has learned nothing since). */
  boolean isFrozen() {
    return schedule.isFrozen();
  }

  /** The schedule as counts that give the same verdicts (a slot's total up to {@link #MIN_SLOT_COUNT}). */
  State state() {
    learnPending();
    return schedule.state();
  }

  /** Learns the queued training readings (before the lamp is scored or saved). */
  private void learnPending() {
    if (pending != null) {
      pending.learnAll();
    }
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
    Detection d = sensor.category() == Category.LAMP && !training ? lampRules(at, on) : null;
    if (training && schedule.learnsLitDates()) {
      schedule.thaw();
      if (pending == null) {
        pending = new FlickerQueue(schedule);
      }
      pending.queue(at, on);
    } else if (training || (learnLive && (d == null || d.score() < 0.5))) {
      schedule.thaw();
      schedule.learn(at, on, recent.previous(), false);
    }
    recent.remember(at, on);
    if (!ready || training || d == null) {
      return ready && !training ? new Detection(0, null, Double.NaN, Double.NaN, true) : Detection.WARMING_UP;
    }
    return d;
  }

  private Detection lampRules(Instant at, boolean on) {
    int toggles = recent.togglesWith(on, FLICKER_LOOKBACK);
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
      if (returnsToSchedule(expected, on)) {
        stateBeforeOddSwitch = null;
      } else {
        expected = !on;
      }
    }
    if (expected == null || expected == on) {
      contradictions = 0;
      return new Detection(0, null, expected == null ? 0 : bit(expected), expected == null ? 1 : bit(expected), true);
    }
    contradictions++;
    if (contradictions == 1) {
      contradictionAtSwitch = Boolean.valueOf(!on).equals(recent.previous());
    }
    double score = contradictions >= (contradictionAtSwitch ? FLICKER_LOOKBACK : 2) ? 1 : 0.6;
    return new Detection(score, on ? AnomalyKind.STUCK_ON : AnomalyKind.STUCK_OFF, bit(expected), bit(expected), true);
  }

  /**
   * Whether a switch into the state the schedule expects ends a stretch the lamp was alerted stuck
   * the other way for (the reading before contradicted the schedule): the lamp switched late, not
   * stuck the other way, and an alert is never followed by its opposite for the same event
   * (docs/accuracy-log.md, "B2 at any clock, and a late switch off", 2026-12-04, b2).
   */
  private boolean returnsToSchedule(Boolean expected, boolean on) {
    return contradictions > 0 && expected != null && expected == on;
  }

  /**
   * Whether the lamp is on in a visit on a closed day ({@link #isClosedDayVisit}) and has
   * stayed on since, for at most {@value #MAX_STUCK_READINGS} readings and only while the history
   * had the lamp lit on days of this type within {@value #CLOSED_DAY_SLOTS} slots: a visit that
   * outlasts the history's is judged by the other rules again.
   */
  private boolean visitsClosedDay(Instant at, boolean on) {
    Boolean previous = recent.previous();
    if (!on || previous == null) {
      onClosedDayVisit = false;
    } else if (!previous) {
      onClosedDayVisit = isClosedDayVisit(at);
    } else if (recent.sinceLastSwitch() >= MAX_STUCK_READINGS || !litNear(at)) {
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
    int s = clock.slotOf(at);
    int type = schedule.dayType(clock.dayOf(at));
    boolean switchedOnNear = false;
    for (int k = 0; k < SLOTS; k++) {
      boolean near = Math.abs(Math.floorMod(k - s + SLOTS / 2, SLOTS) - SLOTS / 2) <= CLOSED_DAY_SLOTS;
      int f = schedule.facts(type, k, ANY_ON | ANY_OFF | (near ? ANY_SWITCHED_ON : 0));
      if (allOn(f)) {
        return false;
      }
      switchedOnNear |= near && (f & ANY_SWITCHED_ON) != 0;
    }
    return switchedOnNear;
  }

  /** Whether the lamp was lit on days of this type within {@value #CLOSED_DAY_SLOTS} slots of now. */
  private boolean litNear(Instant at) {
    int s = clock.slotOf(at);
    int type = schedule.dayType(clock.dayOf(at));
    for (int d = -CLOSED_DAY_SLOTS; d <= CLOSED_DAY_SLOTS; d++) {
      if ((schedule.facts(type, Math.floorMod(s + d, SLOTS), ANY_ON) & ANY_ON) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether the facts of a slot ({@link LampSchedule#facts}) have the lamp on in every reading there. */
  private static boolean allOn(int facts) {
    return (facts & ANY_ON) != 0 && (facts & ANY_OFF) == 0;
  }

  /**
   * Whether the lamp is in a state it switched to at a time of day it never switched that way in
   * training, and has not switched back since.
   */
  private boolean oddSwitch(Instant at, boolean on) {
    Boolean previous = recent.previous();
    if (stateBeforeOddSwitch != null) {
      sinceOddSwitch++;
      if (on == stateBeforeOddSwitch || sinceOddSwitch > MAX_STUCK_READINGS) {
        stateBeforeOddSwitch = null;
        return false;
      }
      return true;
    }
    if (previous == null) {
      return false;
    }
    if (previous == on) {
      return darkIntoLitStretch(at, on);
    }
    darkAfterUnheardOfSwitchOff = false;
    if (!switchIsUnheardOf(at, on)) {
      return false;
    }
    if (endsExcursion(on) && !litInEveryReading(at)) {
      darkAfterUnheardOfSwitchOff = true;
      return false;
    }
    stateBeforeOddSwitch = previous;
    sinceOddSwitch = 0;
    return true;
  }

  /**
   * Whether a lamp that went dark at a time it never switched off in training, let pass as the end
   * of a short on-period because the slot of its switch off was not lit in every reading of the
   * history (a morning that opened later), has stayed dark into a slot that was: it went dark in
   * the middle of its day after all, as a switch off at such a slot does ({@link #litInEveryReading}),
   * only its switch off came a few minutes before the latest opening of the history. From here on it
   * is judged as an odd switch off (counted from the switch off, at most {@value
   * #MAX_STUCK_READINGS} readings). A lamp dark since a switch off seen in training, or not lit at
   * all yet this morning, is not asked (docs/accuracy-log.md, "B2 at 24 random clocks", 2026-12-07, b2rand).
   */
  private boolean darkIntoLitStretch(Instant at, boolean on) {
    if (on || !darkAfterUnheardOfSwitchOff || recent.sinceLastSwitch() >= MAX_STUCK_READINGS
        || !litInEveryReading(at)) {
      return false;
    }
    darkAfterUnheardOfSwitchOff = false;
    stateBeforeOddSwitch = Boolean.TRUE;
    sinceOddSwitch = recent.sinceLastSwitch();
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
    return !on && Boolean.FALSE.equals(recent.beforeLastSwitch()) && recent.sinceLastSwitch() <= MAX_STUCK_READINGS;
  }

  /**
   * Whether the history had the lamp on in every reading of this slot on days of this type (with
   * enough history to say so). A switch off here ends no short on-period of the cleaners' kind:
   * the lamp was lit for the day (its opening came, at most {@value #MAX_STUCK_READINGS} readings
   * ago) and went dark in the middle of a stretch no day of the history was dark in. The expected
   * state leaves it alone only because its window reaches back to the mornings that opened later
   * (a late switch on), which this lamp already had behind it (docs/accuracy-log.md, "A lamp going dark
   * soon after its opening", 2026-12-03, so).
   */
  private boolean litInEveryReading(Instant at) {
    int s = clock.slotOf(at);
    int f = schedule.facts(schedule.dayType(clock.dayOf(at)), s, KNOWN | ANY_ON | ANY_OFF);
    return (f & KNOWN) != 0 && allOn(f);
  }

  /**
   * Whether the switch seen at {@code at} was made at a time no switch the same way was seen in
   * training ({@link #switchIsUnheardOfAround}). The lamp switched at some time after the reading
   * before: after a gap (the feed or the generator stopped for hours) that may be any time back to
   * it, so every slot's length back across the gap is asked too, and a gap of a week or more leaves
   * no time of day and day type to judge. Readings at most a slot apart ask {@code at} alone.
   */
  private boolean switchIsUnheardOf(Instant at, boolean on) {
    Instant previousAt = recent.latestAt();
    if (previousAt != null && !previousAt.plus(WEEK).isAfter(at)) {
      return false;
    }
    Instant t = at;
    do {
      if (!switchIsUnheardOfAround(t, on)) {
        return false;
      }
      t = t.minus(SLOT);
    } while (previousAt != null && t.isAfter(previousAt));
    return true;
  }

  /**
   * Whether no switch the same way was seen in training within {@value #SWITCH_SLOTS} slots of this
   * time on days of this type, nor a night switch on of the cleaners ({@link LampSchedule#NIGHT_ANY_SWITCHED_ON}). A switch on
   * at a night slot where the lamp was lit on more than one date of the history also counts the
   * cleaners' switches on up to {@value #CLEANERS_SLOTS} slots away: their start wanders from night
   * to night. Every slot looked at must have enough history, else no verdict.
   */
  private boolean switchIsUnheardOfAround(Instant at, boolean on) {
    int s = clock.slotOf(at);
    int reach = on ? CLEANERS_SLOTS : SWITCH_SLOTS;
    int type = schedule.dayType(clock.dayOf(at));
    boolean litHere = on && (schedule.facts(type, s, NIGHT_ANY_ON) & NIGHT_ANY_ON) != 0;
    for (int d = -reach; d <= reach; d++) {
      int heardOf = !on ? ANY_SWITCHED_OFF
          : Math.abs(d) <= SWITCH_SLOTS ? ANY_SWITCHED_ON | NIGHT_ANY_SWITCHED_ON
          : litHere ? NIGHT_ANY_SWITCHED_ON : 0;
      int k = Math.floorMod(s + d, SLOTS);
      int f = schedule.facts(type, k, KNOWN | heardOf);
      if (on && schedule.litOnceDeepAtNight(k)) {
        f &= ~ANY_SWITCHED_ON;
      }
      if ((f & KNOWN) == 0 || (f & heardOf) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The state the lamp should be in now, or null when either is normal: the state of every reading
   * around now on days of this type (and a night lit on more than one date counts as on). With too
   * little history of this day type (two closed Mondays in a fortnight, minus dropouts): the state
   * every weekday agrees on, if any (dark at night on every day). The recent majority stands in only
   * while the lamp has no schedule at all (cold start); otherwise a long night cleaning on a closed
   * day would become the expected state.
   */
  private Boolean expectedState(Instant at) {
    int s = clock.slotOf(at);
    int type = schedule.dayType(clock.dayOf(at));
    boolean known = true;
    boolean someOn = false;
    boolean someOff = false;
    for (int d = -2; d <= 2; d++) {
      int k = Math.floorMod(s + d, SLOTS);
      int f = schedule.facts(type, k, KNOWN | ANY_ON | ANY_OFF);
      if (schedule.litOnceDeepAtNight(k)) {
        f &= ~ANY_ON;
      }
      known &= (f & KNOWN) != 0;
      // the night's facts only where the day type's do not tell (a live schedule works them out)
      someOn |= (f & ANY_ON) != 0 || (Math.abs(d) <= 1 && (schedule.facts(type, k, NIGHT_ANY_ON) & NIGHT_ANY_ON) != 0);
      someOff |= (f & ANY_OFF) != 0;
    }
    if (known) {
      return !someOff ? Boolean.TRUE : !someOn ? Boolean.FALSE : null;
    }
    return (schedule.facts(type, s, KNOWN_ALL_DAYS) & KNOWN_ALL_DAYS) != 0 ? schedule.agreedAround(s)
        : recent.majority();
  }

  private static double bit(boolean b) {
    return b ? 1 : 0;
  }
}
