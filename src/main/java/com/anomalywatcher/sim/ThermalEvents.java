package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.BenignKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

/**
 * The benign events of one oven or heater in the realistic world, planned per local day from the
 * sensor seed (see docs/WORLD.md for the figures and their sources):
 *
 * <ul>
 *   <li>door_open (ovens): while the oven is on, Poisson arrivals at 3 an hour in the busy hours of
 *       its location (restaurant 11:30-14:00 and 18:00-21:30, supermarket bakery 06:30-10:00,
 *       factory all shift at 1.5/h) and 0.5 an hour otherwise; the door stays open 0.3-2.5 min,
 *       the air temperature falls towards setpoint − (10-30 °C) with a 0.4 min time constant
 *       and recovers with 2.5 min once it closes. Labelled from opening to 3 recovery time
 *       constants after closing;
 *   <li>cleaning (ovens): once a week on a fixed weekday, out of hours (after closing when the
 *       cycle ends well before midnight, otherwise before the morning warm-up; 10:00 on a closed
 *       day), a 90-150 min hold at 245-265 °C;
 *   <li>setpoint_change (both): on 30 % (ovens) or 20 % (heaters) of open days the setpoint moves
 *       by ±15-35 °C (ovens) or ±4-8 °C (heaters) for the whole day or from a shift change
 *       (4-7 h after opening) to the end of the day's operation.
 * </ul>
 *
 * Owned by its model's thread.
 */
final class ThermalEvents {
  private static final int CH_DOOR = 70;
  private static final int CH_CLEAN = 71;
  private static final int CH_SHIFT = 72;
  private static final long MINUTE = SiteSchedule.MINUTE;
  private static final double DOOR_FALL_MINUTES = 0.4;
  private static final double DOOR_RECOVERY_MINUTES = 2.5;

  private final ThermalBehaviour model;
  private final SiteSchedule site;
  private final long seed;
  private final DayOfWeek cleaningDay;
  private long plannedDay = Long.MIN_VALUE;
  private DayPlan doors = DayPlan.EMPTY;
  private final double[] doorOpenMinutes = new double[64];
  private int firstDoor;
  private int nextLabel;
  private long cleanStart;
  private long cleanEnd;
  private double cleanSetpoint;
  private long shiftStart;
  private long shiftEnd;
  private double shift;

  ThermalEvents(ThermalBehaviour model) {
    this.model = model;
    this.site = model.site;
    this.seed = model.seed;
    this.cleaningDay = DayOfWeek.of(1 + (int) Math.floorMod(Noise.bits(seed, CH_CLEAN, -1), 7L));
  }

  /** The cleaning cycle's setpoint at {@code t}, or NaN outside one. */
  double cleaningSetpoint(long t) {
    plan(t);
    return t >= cleanStart && t < cleanEnd ? cleanSetpoint : Double.NaN;
  }

  boolean isCleaning(long t) {
    plan(t);
    return t >= cleanStart && t < cleanEnd;
  }

  /** The staff's setpoint change in force at {@code t}, °C (0 when none). */
  double setpointShift(long t) {
    plan(t);
    return t >= shiftStart && t < shiftEnd ? shift : 0;
  }

  /** How far an open (or recently closed) door pulls the air temperature down at {@code t}, °C. */
  double doorDeficit(long t) {
    plan(t);
    double deficit = 0;
    // Steps move forward: doors whose effect is over stay over.
    while (firstDoor < doors.size
        && t - doors.start[firstDoor] > (doorOpenMinutes[firstDoor] + 8 * DOOR_RECOVERY_MINUTES) * MINUTE) {
      firstDoor++;
    }
    for (int i = firstDoor; i < doors.size; i++) {
      long s = doors.start[i];
      if (t < s) {
        break;
      }
      double open = doorOpenMinutes[i];
      double since = (t - s) / (double) MINUTE;
      if (since > open + 8 * DOOR_RECOVERY_MINUTES) {
        continue;
      }
      double drop = doors.magnitude[i];
      double d = since <= open
          ? drop * (1 - Math.exp(-since / DOOR_FALL_MINUTES))
          : drop * (1 - Math.exp(-open / DOOR_FALL_MINUTES)) * Math.exp(-(since - open) / DOOR_RECOVERY_MINUTES);
      deficit = Math.max(deficit, d);
    }
    return deficit;
  }

  /** Labels the events that start by {@code t} (each once). */
  void label(long t) {
    plan(t);
    for (; nextLabel < doors.size && doors.start[nextLabel] <= t; nextLabel++) {
      int i = nextLabel;
      if (!model.isFresh(doors.start[i], doors.end[i], t)) {
        continue;
      }
      model.label(BenignKind.DOOR_OPEN, doors.start[i], doors.end[i], t,
          Map.of("dropCelsius", round1(doors.magnitude[i]), "openMinutes", round1(doorOpenMinutes[i])));
    }
    if (cleanEnd > cleanStart) {
      model.label(BenignKind.CLEANING, cleanStart, cleanEnd, t, Map.of("setpointCelsius", round1(cleanSetpoint)));
    }
    if (shiftEnd > shiftStart) {
      model.label(BenignKind.SETPOINT_CHANGE, shiftStart, shiftEnd, t, Map.of("shiftCelsius", round1(shift)));
    }
  }

  private void plan(long t) {
    long day = site.day(t);
    if (day == plannedDay) {
      return;
    }
    plannedDay = day;
    firstDoor = 0;
    nextLabel = 0;
    cleanStart = cleanEnd = shiftStart = shiftEnd = 0;
    doors = DayPlan.EMPTY;
    boolean closed = site.isClosedDay(t);
    if (model.oven) {
      planCleaning(t, day, closed);
    }
    if (!closed) {
      if (model.oven) {
        planDoors(t, day);
      }
      planShift(t, day);
    }
  }

  private void planDoors(long t, long day) {
    long from = site.opening(t) - (long) (model.earlyMinutes * MINUTE);
    long to = site.closing(t) + (long) (model.lateMinutes * MINUTE);
    DayPlan plan = new DayPlan(doorOpenMinutes.length);
    double maxRate = 3.0; // per hour, thinning bound
    double at = from + 20 * MINUTE; // not while still warming up
    for (int i = 0; i < 400 && plan.size < doorOpenMinutes.length; i++) {
      long bits = Noise.bits(seed, CH_DOOR, day * 1000 + i);
      at += -Math.log(1 - Noise.uniform(bits)) / maxRate * SiteSchedule.HOUR;
      if (at >= to - 10 * MINUTE) {
        break;
      }
      long s = (long) at;
      if (Noise.uniform(Noise.mix(bits)) * maxRate >= rate(site.localHours(s))) {
        continue;
      }
      double open = 0.3 + 2.2 * Noise.uniform(Noise.mix(bits + 1));
      double drop = 10 + 20 * Noise.uniform(Noise.mix(bits + 2));
      doorOpenMinutes[plan.size] = open;
      plan.add(s, s + (long) ((open + 3 * DOOR_RECOVERY_MINUTES) * MINUTE), drop);
    }
    doors = plan;
  }

  /** Door openings per hour at local hour {@code h}. */
  private double rate(double h) {
    return switch (site.location()) {
      case RESTAURANT -> (h >= 11.5 && h < 14) || (h >= 18 && h < 21.5) ? 3.0 : 0.5;
      case SUPERMARKET -> h >= 6.5 && h < 10 ? 3.0 : 0.5;
      case FACTORY -> 1.5;
      case WAREHOUSE -> 0.5;
    };
  }

  private void planCleaning(long t, long day, boolean closed) {
    if (LocalDate.ofEpochDay(day).getDayOfWeek() != cleaningDay) {
      return;
    }
    long bits = Noise.bits(seed, CH_CLEAN, day);
    long duration = (long) ((90 + 60 * Noise.uniform(bits)) * MINUTE);
    long gap = (long) ((60 + 60 * Noise.uniform(Noise.mix(bits))) * MINUTE);
    long start;
    if (closed) {
      start = site.dayStart(t) + 10 * SiteSchedule.HOUR;
    } else {
      long afterClose = site.closing(t) + gap;
      start = afterClose + duration < site.dayEnd(t) - 30 * MINUTE
          ? afterClose
          : site.opening(t) - (long) (model.earlyMinutes * MINUTE) - gap - duration;
    }
    cleanStart = Math.max(start, site.dayStart(t) + 30 * MINUTE);
    cleanEnd = cleanStart + duration;
    cleanSetpoint = 245 + 20 * Noise.uniform(Noise.mix(bits + 1));
  }

  private void planShift(long t, long day) {
    long bits = Noise.bits(seed, CH_SHIFT, day);
    if (Noise.uniform(bits) >= (model.oven ? 0.3 : 0.2)) {
      return;
    }
    double size = model.oven ? 15 + 20 * Noise.uniform(Noise.mix(bits)) : 4 + 4 * Noise.uniform(Noise.mix(bits));
    boolean down = Noise.uniform(Noise.mix(bits + 1)) < 0.5 || (model.oven && model.cookingSetpoint() + size > 270);
    shift = down ? -size : size;
    long open = site.opening(t) - (long) (model.earlyMinutes * MINUTE);
    shiftEnd = site.closing(t) + (long) (model.lateMinutes * MINUTE);
    boolean wholeDay = Noise.uniform(Noise.mix(bits + 2)) < 0.5;
    shiftStart = wholeDay ? open : site.opening(t) + (long) ((4 + 3 * Noise.uniform(Noise.mix(bits + 3))) * SiteSchedule.HOUR);
    if (shiftStart >= shiftEnd - 30 * MINUTE) {
      shiftStart = shiftEnd = 0;
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
