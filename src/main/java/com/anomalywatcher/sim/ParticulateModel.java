package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Map;

/**
 * Particulate matter (serial, µg/m³): a location-dependent background (supermarket ~10,
 * restaurant ~22, warehouse ~28, factory ~35) that drifts slowly (log-normal, 6 h time constant),
 * small correlated sensor noise, and 0-3 benign bursts a day during opening hours (cooking, a
 * forklift passing): +4 to +12 µg/m³, rising over 4 min and decaying with a 6 min time constant,
 * so always far smaller and slower than a pollution spike (+50 or more at once).
 */
final class ParticulateModel extends SensorModel {
  private static final int CH_LEVEL = 40;
  private static final int CH_NOISE = 41;
  private static final int CH_BURSTS = 42;
  private static final double NOISE_SIGMA = 0.5;
  private static final double LEVEL_SIGMA = 0.25;
  static final double MAX_BURST = 12.0;

  private final double background;
  private double logLevel;
  private double noise;
  private long burstDay = Long.MIN_VALUE;
  private final long[] burstStart = new long[3];
  private final double[] burstHeight = new double[3];
  private int burstCount;

  ParticulateModel(Context context) {
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
      noise = ou(noise, dtMinutes, 3, NOISE_SIGMA, Noise.gauss(Noise.bits(seed, CH_NOISE, t)));
    }
    double value = background * Math.exp(logLevel) + burst(t) + noise;
    return round1(clamp(value, 0, spec.kind().max()));
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
