package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;

/**
 * An analog incident in progress ({@link AnalogCheck}): where the normal value would be now and
 * what the deviation from it looked like so far, from which the kind is guessed. Owned by its
 * check; not thread-safe.
 */
final class Hold {
  /** Where the normal value would be now: the prediction at the onset, carried on by the damped trend. */
  double baseline;
  private double trend;
  private final double damping;
  final double onsetDeviation;
  int readings;
  int calm;
  int steadySteps;
  double lastDeviation;
  private boolean sawPositive;
  private boolean sawNegative;

  Hold(double baseline, double trend, double damping, double onsetDeviation) {
    this.baseline = baseline;
    this.trend = trend;
    this.damping = damping;
    this.onsetDeviation = onsetDeviation;
    this.lastDeviation = onsetDeviation;
  }

  void advanceBaseline() {
    trend *= damping;
    baseline += trend;
  }

  /** Records a deviation; swings beyond two tolerances on both sides mean an oscillation. */
  void note(double deviation, double tol) {
    lastDeviation = deviation;
    if (deviation > 2 * tol) {
      sawPositive = true;
    } else if (deviation < -2 * tol) {
      sawNegative = true;
    }
  }

  /**
   * The guessed kind in the generator's words, from the incident's shape so far: swings both ways,
   * growth from a small onset, the size and sign of the onset.
   *
   * @param nominalOn a fan's running speed (rpm), 0 when unknown
   */
  AnomalyKind guess(SensorDescription sensor, double value, double nominalOn) {
    double onset = onsetDeviation;
    boolean growing = Math.abs(lastDeviation) > Math.abs(onset) * 1.8 && readings >= 1;
    boolean swings = sawPositive && sawNegative;
    return switch (sensor.category()) {
      case OVEN, HEATER -> {
        if (swings) {
          yield AnomalyKind.OSCILLATION;
        }
        if (growing && Math.abs(onset) < 15) {
          yield AnomalyKind.DRIFT;
        }
        if (onset > 0) {
          yield onset >= 45 ? AnomalyKind.SPIKE : onset >= 12 ? AnomalyKind.OSCILLATION : AnomalyKind.DRIFT;
        }
        yield -onset >= 8 ? AnomalyKind.DROP : AnomalyKind.DRIFT;
      }
      case FAN -> {
        if (value > sensor.physicalMax()) {
          yield AnomalyKind.OVERSPEED;
        }
        if (swings) {
          yield AnomalyKind.VIBRATION;
        }
        if (onset < 0) {
          yield value < 0.25 * Math.max(nominalOn, 1) ? AnomalyKind.STALL : AnomalyKind.VIBRATION;
        }
        yield onset >= 150 ? AnomalyKind.SPIKE : AnomalyKind.VIBRATION;
      }
      case PM -> {
        if (lastDeviation >= 300 || onset >= 150) {
          yield AnomalyKind.DUST_STORM;
        }
        if (growing && onset < 25) {
          yield AnomalyKind.SENSOR_DRIFT;
        }
        yield onset >= 50 ? AnomalyKind.POLLUTION_SPIKE : AnomalyKind.CALIBRATION_ERROR;
      }
      case LAMP -> throw new IllegalStateException("a lamp is not analog");
    };
  }
}
