package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyKind;
import java.util.Map;

/**
 * Oven or heater temperature: the element drives the temperature towards a setpoint with
 * first-order thermal lag (faster when heating than when cooling), plus a slow thermostat ripple
 * and small correlated sensor noise. Ovens heat to a cooking setpoint during the site's hours
 * (from 30 min before opening to 30 min before closing) and cool to ambient otherwise; heaters
 * keep a day setpoint (from 60 min before opening to closing) and a night setback.
 */
final class ThermalModel extends SensorModel {
  private static final int CH_INIT = 10;
  private static final int CH_NOISE = 11;
  private static final int CH_DAY = 12;

  private final boolean oven;
  private final double daySetpoint;
  private final double nightSetpoint;
  private final double earlyMinutes;
  private final double lateMinutes;
  private final double tauHeatMinutes;
  private final double tauCoolMinutes;
  private final double rippleAmplitude;
  private final double ripplePeriodMinutes;
  private final double ripplePhase;
  private final double noiseSigma;
  private final double max;
  private double temperature;
  private double noise;

  private ThermalModel(Context context, boolean oven) {
    super(context);
    this.oven = oven;
    this.max = context.spec().kind().max();
    long bits = Noise.bits(seed, CH_INIT, 0);
    if (oven) {
      daySetpoint = 180 + 20 * (bits & 3); // 180, 200, 220 or 240 °C
      nightSetpoint = 19 + 6 * Noise.uniform(Noise.mix(bits)); // ambient
      earlyMinutes = 30;
      lateMinutes = -30;
      tauHeatMinutes = 12;
      tauCoolMinutes = 45;
      rippleAmplitude = 0.8;
      noiseSigma = 0.3;
    } else {
      daySetpoint = 60 + 15 * Noise.uniform(Noise.mix(bits));
      nightSetpoint = 35 + 10 * Noise.uniform(Noise.mix(bits + 1));
      earlyMinutes = 60;
      lateMinutes = 0;
      tauHeatMinutes = 20;
      tauCoolMinutes = 35;
      rippleAmplitude = 0.5;
      noiseSigma = 0.2;
    }
    ripplePeriodMinutes = 11 + 4 * Noise.uniform(Noise.mix(bits + 2));
    ripplePhase = 2 * Math.PI * Noise.uniform(Noise.mix(bits + 3));
  }

  static ThermalModel oven(Context context) {
    return new ThermalModel(context, true);
  }

  static ThermalModel heater(Context context) {
    return new ThermalModel(context, false);
  }

  private boolean isOperating(long t) {
    return site.isOpen(t, earlyMinutes, lateMinutes);
  }

  /** The setpoint at t: the day setpoint varies by ±4 °C from day to day. */
  double setpoint(long t) {
    if (!isOperating(t)) {
      return nightSetpoint;
    }
    long day = Math.floorDiv(t, SiteSchedule.DAY);
    return daySetpoint + 8 * (Noise.uniform(Noise.bits(seed, CH_DAY, day)) - 0.5);
  }

  @Override
  void start(long t) {
    temperature = setpoint(t);
    noise = noiseSigma * Noise.gauss(Noise.bits(seed, CH_NOISE, t));
  }

  @Override
  double advance(long t, double dtMinutes) {
    double sp = setpoint(t);
    if (dtMinutes > 0) {
      double tau = sp > temperature ? tauHeatMinutes : tauCoolMinutes;
      temperature = sp + (temperature - sp) * Math.exp(-dtMinutes / tau);
      noise = ou(noise, dtMinutes, 4.0, noiseSigma, Noise.gauss(Noise.bits(seed, CH_NOISE, t)));
    }
    double ripple = rippleAmplitude * Math.sin(2 * Math.PI * (t / 60_000.0) / ripplePeriodMinutes + ripplePhase);
    return round1(clamp(temperature + ripple + noise, 0, max));
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end) {
    // Only from a steady state that lasts past the end (no heat-up or cool-down to hide in); an
    // oven only while cooking, so a drop never goes below freezing.
    double sp = setpoint(start);
    long after = end + 10 * SiteSchedule.MINUTE;
    if (oven && !isOperating(start)) {
      return false;
    }
    return isOperating(start) == isOperating(after) && Math.abs(temperature - sp) < 3.0;
  }

  @Override
  void save(Map<String, Double> out) {
    out.put("temperature", temperature);
    out.put("noise", noise);
  }

  @Override
  void restore(Map<String, Double> in, double lastValue) {
    temperature = clamp(get(in, "temperature", lastValue), 0, max);
    noise = clamp(get(in, "noise", 0), -5 * noiseSigma, 5 * noiseSigma);
  }
}
