package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.BenignKind;
import java.util.Map;

/**
 * Particulate matter (serial, µg/m³): a location-dependent background (supermarket ~10,
 * restaurant ~22, warehouse ~28, factory ~35) that drifts slowly (log-normal, 6 h time constant),
 * small correlated sensor noise, and 0-3 benign bursts a day during opening hours (cooking, a
 * forklift passing): +4 to +12 µg/m³, rising over 4 min and decaying with a 6 min time constant,
 * so always far smaller and slower than a pollution spike (+50 or more at once).
 *
 * <p>Realistic world: those small bursts give way to cooking bursts (benign cooking_burst) on
 * open days: +30-80 µg/m³, rising over 1-2 min, holding 2-6 min and decaying with a 3 min time
 * constant; restaurant 4-10 a day at lunch (11:30-14:00) and dinner (18:00-21:30), supermarket
 * bakery 1-3 (06:30-10:00), factory 1-4 and warehouse (forklifts, trucks) 0-2 during opening hours.
 */
final class ParticulateBehaviour extends SensorBehaviour {
  private static final int CH_LEVEL = 40;
  private static final int CH_NOISE = 41;
  private static final int CH_BURSTS = 42;
  private static final double NOISE_SIGMA = 0.5;
  private static final double LEVEL_SIGMA = 0.25;
  static final double MAX_BURST = 12.0;
  private static final int CH_COOKING = 44;
  private static final double COOKING_DECAY_MINUTES = 3;
  private static final long MINUTE = SiteSchedule.MINUTE;

  private final double background;
  private double logLevel;
  private double noise;
  private long burstDay = Long.MIN_VALUE;
  private final long[] burstStart = new long[3];
  private final double[] burstHeight = new double[3];
  private int burstCount;
  private DayPlan cooking = DayPlan.EMPTY;
  private final double[] cookingRise = new double[10];
  private final double[] cookingHold = new double[10];
  private double level;

  ParticulateBehaviour(Context context) {
    super(context);
    double base = switch (context.spec().location()) {
      case SUPERMARKET -> 10;
      case RESTAURANT -> 22;
      case WAREHOUSE -> 28;
      case FACTORY -> 35;
    };
    background = base * (0.8 + 0.4 * Noise.uniform(Noise.bits(seed, 43, 0)));
  }

  @Override
  void start(long t) {
    logLevel = LEVEL_SIGMA * Noise.gauss(Noise.bits(seed, CH_LEVEL, t));
    noise = NOISE_SIGMA * Noise.gauss(Noise.bits(seed, CH_NOISE, t));
  }

  @Override
  double advance(long t, double dtMinutes) {
    if (dtMinutes > 0) {
      logLevel = ou(logLevel, dtMinutes, 360, LEVEL_SIGMA, Noise.gauss(Noise.bits(seed, CH_LEVEL, t)));
      noise = ou(noise, dtMinutes, 3, NOISE_SIGMA, innovation(Noise.bits(seed, CH_NOISE, t)));
    }
    level = background * Math.exp(logLevel);
    double value = level + (realistic ? cooking(t) : burst(t)) + noise;
    return round1(clamp(value, 0, spec.kind().max()));
  }

  /** Sum of today's cooking bursts at t (realistic world), labelling each as it starts. */
  private double cooking(long t) {
    long day = site.day(t);
    if (day != burstDay) {
      planCooking(t, day);
    }
    double sum = 0;
    for (int i = 0; i < cooking.size; i++) {
      long s = cooking.start[i];
      if (t < s || t >= cooking.end[i] + 30 * MINUTE) {
        continue;
      }
      if (isFresh(s, cooking.end[i], t)) {
        benign(BenignKind.COOKING_BURST, s, cooking.end[i], t, Map.of("heightPm", round1(cooking.magnitude[i])));
      }
      double m = (t - s) / (double) MINUTE;
      double rise = cookingRise[i];
      double hold = cookingHold[i];
      double h = cooking.magnitude[i];
      sum += m < rise ? h * m / rise : m < rise + hold ? h : h * Math.exp(-(m - rise - hold) / COOKING_DECAY_MINUTES);
    }
    return sum;
  }

  private void planCooking(long t, long day) {
    burstDay = day;
    cooking = DayPlan.EMPTY;
    if (site.isClosedDay(t)) {
      return;
    }
    long bits = Noise.bits(seed, CH_COOKING, day);
    int count = switch (spec.location()) {
      case RESTAURANT -> 4 + (int) (Noise.uniform(bits) * 7);
      case SUPERMARKET -> 1 + (int) (Noise.uniform(bits) * 3);
      case FACTORY -> 1 + (int) (Noise.uniform(bits) * 4);
      case WAREHOUSE -> (int) (Noise.uniform(bits) * 3);
    };
    DayPlan plan = new DayPlan(cookingRise.length);
    for (int i = 0; i < count; i++) {
      long b = Noise.mix(bits + i + 1);
      long s = cookingStart(t, Noise.uniform(b), Noise.uniform(Noise.mix(b + 7)));
      double rise = 1 + Noise.uniform(Noise.mix(b + 1));
      double hold = 2 + 4 * Noise.uniform(Noise.mix(b + 2));
      cookingRise[plan.size] = rise;
      cookingHold[plan.size] = hold;
      plan.add(s, s + (long) ((rise + hold + 3 * COOKING_DECAY_MINUTES) * MINUTE), 30 + 50 * Noise.uniform(Noise.mix(b + 3)));
    }
    cooking = plan;
  }

  /** A burst start: in the location's busy hours, else anywhere in the opening hours. */
  private long cookingStart(long t, double u, double which) {
    double from;
    double hours;
    switch (spec.location()) {
      case RESTAURANT -> {
        from = which < 0.45 ? 11.5 : 18;
        hours = which < 0.45 ? 2.5 : 3.5;
      }
      case SUPERMARKET -> {
        from = 6.5;
        hours = 3.5;
      }
      default -> {
        long open = site.opening(t);
        return open + (long) (u * (site.closing(t) - open - 30 * MINUTE));
      }
    }
    return site.dayStart(t) + (long) ((from + u * hours) * SiteSchedule.HOUR);
  }

  /** Sum of today's benign bursts at t (a burst lasts well under an hour; none cross midnight). */
  double burst(long t) {
    long day = Math.floorDiv(t, SiteSchedule.DAY);
    if (day != burstDay) {
      planBursts(day);
    }
    double sum = 0;
    for (int i = 0; i < burstCount; i++) {
      double minutes = (t - burstStart[i]) / 60_000.0;
      if (minutes <= 0 || minutes > 60) {
        continue;
      }
      sum += minutes < 4 ? burstHeight[i] * minutes / 4 : burstHeight[i] * Math.exp(-(minutes - 4) / 6);
    }
    return sum;
  }

  private void planBursts(long day) {
    long bits = Noise.bits(seed, CH_BURSTS, day);
    burstCount = (int) (bits & 3);
    for (int i = 0; i < burstCount; i++) {
      long b = Noise.mix(bits + i + 1);
      // between 08:00 and 20:00 UTC: inside every location's hours, never near midnight
      burstStart[i] = day * SiteSchedule.DAY + (long) ((8 * 60 + Noise.uniform(b) * 12 * 60) * SiteSchedule.MINUTE);
      burstHeight[i] = 4 + (MAX_BURST - 4) * Noise.uniform(Noise.mix(b));
    }
    burstDay = day;
  }

  @Override
  double noiseSigma() {
    return NOISE_SIGMA + 0.03 * level;
  }

  @Override
  double settleStepPerMinute() {
    return 3;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    return true;
  }

  @Override
  void save(Map<String, Double> out) {
    out.put("logLevel", logLevel);
    out.put("noise", noise);
  }

  @Override
  void restore(Map<String, Double> in, double lastValue) {
    logLevel = clamp(get(in, "logLevel", 0), -4 * LEVEL_SIGMA, 4 * LEVEL_SIGMA);
    noise = clamp(get(in, "noise", 0), -5 * NOISE_SIGMA, 5 * NOISE_SIGMA);
  }
}
