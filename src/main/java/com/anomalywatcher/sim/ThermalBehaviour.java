package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.anomaly.BenignKind;
import java.util.Map;

/**
 * Oven or heater temperature: the element drives the temperature towards a setpoint with
 * first-order thermal lag (faster when heating than when cooling), an on/off thermostat sawtooth
 * while it holds a setpoint (oven ±1.5 °C, heater ±0.6 °C, period 10-16 min) and small correlated
 * sensor noise. Ovens heat to a cooking setpoint during the site's hours
 * (from 30 min before opening to 30 min before closing) and cool to ambient otherwise; heaters
 * keep a day setpoint (from 60 min before opening to closing) and a night setback.
 *
 * <p>Realistic world ({@link ThermalEvents}): the heater's setpoints follow a weather-compensated
 * heating curve (higher in winter), the oven's ambient follows the season a little, and the benign
 * events door_open, cleaning (ovens) and setpoint_change (both) happen.
 */
final class ThermalBehaviour extends SensorBehaviour {
  private static final int CH_INIT = 10;
  private static final int CH_NOISE = 11;
  private static final int CH_DAY = 12;

  final boolean oven;
  private final double daySetpoint;
  private final double nightSetpoint;
  final double earlyMinutes;
  final double lateMinutes;
  private final double tauHeatMinutes;
  private final double tauCoolMinutes;
  private final double rippleAmplitude;
  private final double ripplePeriodMinutes;
  private final double ripplePhase;
  private final double noiseSigma;
  private final double max;
  private final double curveSlope;
  private final ThermalEvents events;
  private double temperature;
  private double noise;
  private double doorDeficit;
  private boolean heating;

  private ThermalBehaviour(Context context, boolean oven) {
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
      rippleAmplitude = 1.5;
      noiseSigma = 0.3;
    } else {
      daySetpoint = 60 + 15 * Noise.uniform(Noise.mix(bits));
      nightSetpoint = 35 + 10 * Noise.uniform(Noise.mix(bits + 1));
      earlyMinutes = 60;
      lateMinutes = 0;
      tauHeatMinutes = 20;
      tauCoolMinutes = 35;
      rippleAmplitude = 0.6;
      noiseSigma = 0.2;
    }
    ripplePeriodMinutes = 10 + 6 * Noise.uniform(Noise.mix(bits + 2));
    ripplePhase = Noise.uniform(Noise.mix(bits + 3));
    curveSlope = 1.3 + 0.4 * Noise.uniform(Noise.mix(bits + 4));
    events = realistic ? new ThermalEvents(this) : null;
  }

  static ThermalBehaviour oven(Context context) {
    return new ThermalBehaviour(context, true);
  }

  static ThermalBehaviour heater(Context context) {
    return new ThermalBehaviour(context, false);
  }

  boolean isOperating(long t) {
    return site.isOpen(t, earlyMinutes, lateMinutes);
  }

  /** The oven's usual cooking setpoint (before day-to-day variation), °C. */
  double cookingSetpoint() {
    return daySetpoint;
  }

  /** The setpoint at t: the day setpoint varies by ±4 °C from day to day. */
  double setpoint(long t) {
    if (events != null) {
      return realisticSetpoint(t);
    }
    if (!isOperating(t)) {
      return nightSetpoint;
    }
    long day = site.day(t);
    return daySetpoint + 8 * (Noise.uniform(Noise.bits(seed, CH_DAY, day)) - 0.5);
  }

  private double realisticSetpoint(long t) {
    double cleaning = events.cleaningSetpoint(t);
    if (!Double.isNaN(cleaning)) {
      return cleaning;
    }
    double outdoor = site.outdoorCelsius(t);
    if (!isOperating(t)) {
      // Oven: the kitchen's ambient, a little warmer in summer. Heater: the night setback of the curve.
      return oven ? nightSetpoint + 0.15 * (outdoor - 12) : Math.max(28, heatingCurve(outdoor) - (nightSetpoint - 30));
    }
    double base = oven
        ? daySetpoint + 8 * (Noise.uniform(Noise.bits(seed, CH_DAY, site.day(t))) - 0.5)
        : heatingCurve(outdoor);
    return base + events.setpointShift(t);
  }

  /**
   * Weather-compensated flow temperature: 22 °C plus {@code curveSlope} (1.3-1.7) per degree the
   * outdoor air is below 20 °C, between 35 and 80 °C (about 70 °C at -12 °C outside).
   */
  private double heatingCurve(double outdoor) {
    return clamp(22 + curveSlope * (20 - outdoor), 35, 80);
  }

  /**
   * The on/off thermostat's sawtooth around the setpoint: a fast rise while the element is on
   * (35 % of the cycle), a slower fall while it is off. Only while holding a setpoint: it fades
   * out with the distance from it (during heat-up the element is on all the time) and an oven
   * that is off does not cycle.
   */
  private double thermostat(long t, double sp) {
    if (oven && !heating) {
      return 0;
    }
    double phase = (t / 60_000.0) / ripplePeriodMinutes + ripplePhase;
    phase -= Math.floor(phase);
    double saw = phase < 0.35 ? -1 + 2 * phase / 0.35 : 1 - 2 * (phase - 0.35) / 0.65;
    return rippleAmplitude * saw * Math.exp(-Math.abs(temperature - sp) / 3.0);
  }

  @Override
  void start(long t) {
    temperature = setpoint(t);
    noise = noiseSigma * Noise.gauss(Noise.bits(seed, CH_NOISE, t));
  }

  @Override
  double advance(long t, double dtMinutes) {
    double sp = setpoint(t);
    heating = isOperating(t) || (events != null && events.isCleaning(t));
    if (dtMinutes > 0) {
      double tau = sp > temperature ? tauHeatMinutes : tauCoolMinutes;
      temperature = sp + (temperature - sp) * Math.exp(-dtMinutes / tau);
      noise = ou(noise, dtMinutes, 4.0, noiseSigma, innovation(Noise.bits(seed, CH_NOISE, t)));
    }
    if (events != null) {
      doorDeficit = events.doorDeficit(t);
      events.label(t);
    }
    return round1(clamp(temperature + thermostat(t, sp) + noise - doorDeficit, 0, max));
  }

  @Override
  double noiseSigma() {
    return heating || !oven ? rippleAmplitude * 0.6 + noiseSigma : noiseSigma;
  }

  @Override
  double settleStepPerMinute() {
    return oven ? 4.0 : 1.5;
  }

  @Override
  boolean canStart(AnomalyKind kind, long start, long end, boolean relaxed) {
    if (relaxed) {
      return true; // every kind shows at any temperature (a drop from ambient ends at 0 °C)
    }
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

  /** Labels a benign event of this sensor (for {@link ThermalEvents}). */
  void label(BenignKind kind, long start, long end, long t, Map<String, Double> parameters) {
    benign(kind, start, end, t, parameters);
  }
}
