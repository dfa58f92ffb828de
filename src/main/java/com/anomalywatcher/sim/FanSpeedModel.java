package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Map;

/**
 * A fan's speed (analog, rpm): follows the site's fan switch. Switched on, the rotor spins up to
 * its nominal speed (580-720 rpm per fan) with a 1.5 min time constant; switched off, it coasts
 * down with a 2.5 min time constant (a few minutes, never instantly). While running it wanders by a
 * few rpm (correlated noise); stopped, it reads 0.
 */
final class FanSpeedModel extends SensorModel {
  private static final int CH_NOISE = 30;
  private static final double NOISE_RPM = 4.0;

  private final double nominal;
  private double rpm;
  private double noise;

  FanSpeedModel(Context context) {
    super(context);
    nominal = 580 + 140 * Noise.uniform(Noise.bits(seed, 31, 0));
  }

  private double target(long t) {
    return FanSwitchModel.isOn(site, t) ? nominal : 0;
  }

  @Override
  void start(long t) {
    rpm = target(t);
    noise = NOISE_RPM * Noise.gauss(Noise.bits(seed, CH_NOISE, t));
  }

  @Override
  double advance(long t, double dtMinutes) {
    double target = target(t);
    if (dtMinutes > 0) {
      double tau = target > rpm ? 1.5 : 2.5;
      rpm = target + (rpm - target) * Math.exp(-dtMinutes / tau);
      if (rpm < 0.5 && target == 0) {
        rpm = 0;
      }
      noise = ou(noise, dtMinutes, 3.0, NOISE_RPM, Noise.gauss(Noise.bits(seed, CH_NOISE, t)));
    }
    double value = rpm + noise * (rpm / nominal);
    return Math.round(clamp(value, 0, spec.kind().max()));
  }

  @Override
  double settleStepPerMinute() {
    return 150;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    if (relaxed) {
      return kind != AnomalyKind.STALL || rpm > 100; // a stall only shows on a turning fan
    }
    // Only while the fan runs steadily and keeps running: a stall from 0 rpm would be invisible
    // and an anomaly during spin-up or coast-down would look like normal behaviour.
    return FanSwitchModel.isOn(site, start - 15 * SiteSchedule.MINUTE)
        && FanSwitchModel.isOn(site, end + 10 * SiteSchedule.MINUTE)
        && Math.abs(rpm - nominal) < 20;
  }

  @Override
  void save(Map<String, Double> out) {
    out.put("rpm", rpm);
    out.put("noise", noise);
  }

  @Override
  void restore(Map<String, Double> in, double lastValue) {
    rpm = clamp(get(in, "rpm", lastValue), 0, spec.kind().max());
    noise = clamp(get(in, "noise", 0), -5 * NOISE_RPM, 5 * NOISE_RPM);
  }
}
