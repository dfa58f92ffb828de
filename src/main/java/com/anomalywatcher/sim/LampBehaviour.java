package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.BenignKind;
import java.util.Map;

/**
 * A lamp (digital, 0/1): switched on about 15 min before the site opens and off about 20 min after
 * it closes, each edge moved by up to ±6 min from day to day. So it toggles twice a day, always
 * near the schedule edges, and never flickers or goes dark in the middle of business hours by
 * itself. Stateless apart from the demo's on/off phase (see {@link DemoScript}).
 *
 * <p>Realistic world: on 45 % of days cleaners switch it on for 10-60 min while the site is
 * closed (benign night_cleaning): 60-150 min after closing when that ends before midnight,
 * otherwise 60-150 min before the morning switch-on; between 09:00 and 16:00 on a closed day.
 */
final class LampBehaviour extends SensorBehaviour {
  private static final int CH_DAY = 20;
  private static final int CH_CLEANING = 21;
  private static final long MARGIN = 30 * SiteSchedule.MINUTE;
  private static final long MINUTE = SiteSchedule.MINUTE;

  private boolean demoDark;
  private long plannedDay = Long.MIN_VALUE;
  private long cleaningStart;
  private long cleaningEnd;

  LampBehaviour(Context context) {
    super(context);
  }

  boolean isOn(long t) {
    if (site.isAlwaysOpen()) {
      return !demoDark;
    }
    if (realistic && isCleaning(t)) {
      return true;
    }
    return isScheduledOn(t);
  }

  private boolean isScheduledOn(long t) {
    long bits = Noise.bits(seed, CH_DAY, site.day(t));
    double early = 15 + 12 * ((bits & 0xFFFF) / 65536.0 - 0.5);
    double late = 20 + 12 * (((bits >>> 16) & 0xFFFF) / 65536.0 - 0.5);
    return site.isOpen(t, early, late);
  }

  private boolean isCleaning(long t) {
    long day = site.day(t);
    if (day != plannedDay) {
      planCleaning(t, day);
    }
    return t >= cleaningStart && t < cleaningEnd;
  }

  private void planCleaning(long t, long day) {
    plannedDay = day;
    cleaningStart = cleaningEnd = 0;
    long bits = Noise.bits(seed, CH_CLEANING, day);
    if (Noise.uniform(bits) >= 0.45) {
      return;
    }
    long duration = (long) ((10 + 50 * Noise.uniform(Noise.mix(bits))) * MINUTE);
    long gap = (long) ((60 + 90 * Noise.uniform(Noise.mix(bits + 1))) * MINUTE);
    long start;
    if (site.isClosedDay(t)) {
      start = site.dayStart(t) + (long) ((9 + 7 * Noise.uniform(Noise.mix(bits + 2))) * SiteSchedule.HOUR);
    } else if (site.closing(t) + 30 * MINUTE + gap + duration < site.dayEnd(t) - 10 * MINUTE) {
      start = site.closing(t) + 30 * MINUTE + gap;
    } else {
      start = site.opening(t) - 30 * MINUTE - gap - duration;
      if (start < site.dayStart(t)) {
        return;
      }
    }
    cleaningStart = start;
    cleaningEnd = start + duration;
  }

  @Override
  void start(long t) {}

  @Override
  double advance(long t, double dtMinutes) {
    boolean on = isOn(t);
    if (realistic && cleaningEnd > cleaningStart && isFresh(cleaningStart, cleaningEnd, t)) {
      benign(BenignKind.NIGHT_CLEANING, cleaningStart, cleaningEnd, t,
          Map.of("minutes", (double) ((cleaningEnd - cleaningStart) / MINUTE)));
    }
    return on ? 1 : 0;
  }

  @Override
  double noiseSigma() {
    return 0;
  }

  @Override
  double settleStepPerMinute() {
    return 1;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    if (relaxed) {
      boolean on = isOn(start);
      return kind == AnomalyKind.FLICKER || (kind == AnomalyKind.STUCK_OFF) == on;
    }
    // Away from the schedule edges, so the anomaly never looks like a normal switch-over.
    boolean before = isOn(start - MARGIN);
    boolean now = isOn(start);
    boolean after = isOn(end + MARGIN);
    if (before != now || now != after) {
      return false;
    }
    return switch (kind) {
      case STUCK_OFF -> now;
      case STUCK_ON -> !now;
      default -> true;
    };
  }

  /** A stuck lamp only where it would otherwise show the other state at some point of the episode. */
  @Override
  boolean canStartAnywhere(AnomalyKind kind, long start, long end) {
    if (kind != AnomalyKind.STUCK_ON && kind != AnomalyKind.STUCK_OFF) {
      return true;
    }
    boolean wantOn = kind == AnomalyKind.STUCK_OFF;
    long mid = start + (end - start) / 2;
    return isScheduledOn(start) == wantOn || isScheduledOn(mid) == wantOn || isScheduledOn(end - 1) == wantOn;
  }

  @Override
  void demoStep(long scriptStep, DemoScript script) {
    demoDark = script.isLampDark(scriptStep);
  }

  @Override
  void save(Map<String, Double> out) {}

  @Override
  void restore(Map<String, Double> in, double lastValue) {}
}
