package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.BenignKind;
import java.util.Map;

/**
 * A fan's speed (analog, rpm): follows the site's fan switch. Switched on, the rotor spins up to
 * its nominal speed (580-720 rpm per fan) with a 1.5 min time constant; switched off, it coasts
 * down with a 2.5 min time constant (a few minutes, never instantly). While running it wanders by a
 * few rpm (correlated noise); stopped, it reads 0.
 *
 * <p>Realistic world: on half of the open days the fan runs for 30-180 min at a second speed,
 * 60-75 % (low stage, 60 % of those days) or 115-130 % (boost) of its nominal speed (benign
 * second_speed), starting at least 30 min after opening and ending 30 min before closing.
 */
final class FanSpeedBehaviour extends SensorBehaviour {
  private static final int CH_NOISE = 30;
  private static final double NOISE_RPM = 4.0;
  private static final int CH_SPEED = 32;
  private static final long MINUTE = SiteSchedule.MINUTE;

  private final double nominal;
  private double rpm;
  private double noise;
  private long plannedDay = Long.MIN_VALUE;
  private long speedStart;
  private long speedEnd;
  private double speedFactor = 1;

  FanSpeedBehaviour(Context context) {
    super(context);
    nominal = 580 + 140 * Noise.uniform(Noise.bits(seed, 31, 0));
  }

  private double target(long t) {
    if (!FanSwitchBehaviour.isOn(site, t)) {
      return 0;
    }
    return realistic ? nominal * secondSpeed(t) : nominal;
  }

  /** The speed factor at t: 1, or the second speed's factor inside one. */
  private double secondSpeed(long t) {
    long day = site.day(t);
    if (day != plannedDay) {
      plan(t, day);
    }
    return t >= speedStart && t < speedEnd ? speedFactor : 1;
  }

  private void plan(long t, long day) {
    plannedDay = day;
    speedStart = speedEnd = 0;
    long bits = Noise.bits(seed, CH_SPEED, day);
    if (site.isClosedDay(t) || Noise.uniform(bits) >= 0.5) {
      return;
    }
    boolean low = Noise.uniform(Noise.mix(bits)) < 0.6;
    speedFactor = low ? 0.6 + 0.15 * Noise.uniform(Noise.mix(bits + 1)) : 1.15 + 0.15 * Noise.uniform(Noise.mix(bits + 1));
    long duration = (long) ((30 + 150 * Noise.uniform(Noise.mix(bits + 2))) * MINUTE);
    long from = site.opening(t) + 30 * MINUTE;
    long to = site.closing(t) - 30 * MINUTE - duration;
    if (to <= from) {
      return;
    }
    speedStart = from + (long) ((to - from) * Noise.uniform(Noise.mix(bits + 3)));
    speedEnd = speedStart + duration;
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
      noise = ou(noise, dtMinutes, 3.0, NOISE_RPM, innovation(Noise.bits(seed, CH_NOISE, t)));
    }
    if (realistic && speedEnd > speedStart && isFresh(speedStart, speedEnd, t)) {
      benign(BenignKind.SECOND_SPEED, speedStart, speedEnd, t,
          Map.of("factor", Math.round(speedFactor * 100) / 100.0, "rpm", (double) Math.round(nominal * speedFactor)));
    }
    double value = rpm + noise * (rpm / nominal);
    return Math.round(clamp(value, 0, spec.kind().max()));
  }

  @Override
  double noiseSigma() {
    return NOISE_RPM;
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
    return FanSwitchBehaviour.isOn(site, start - 15 * SiteSchedule.MINUTE)
        && FanSwitchBehaviour.isOn(site, end + 10 * SiteSchedule.MINUTE)
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
