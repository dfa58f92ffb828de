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
  /** The residual tolerance when the incident began: the sensor's own scale for its growth. */
  private final double onsetTolerance;
  int readings;
  /** The tolerance the first reading after the onset is judged in ({@link OnsetConfirmation}), NaN for the hold's own. */
  double confirmTolerance = Double.NaN;
  int calm;
  /**
   * The onset is far larger than the history shows ({@link AnalogCheck#atPassEnd}); never saved
   * (transient), so a restored hold has it false.
   */
  transient boolean farOnset;
  int steadySteps;
  double lastDeviation;
  private boolean sawPositive;
  private boolean sawNegative;

  Hold(double baseline, double trend, double damping, double onsetDeviation, double onsetTolerance) {
    this.onsetTolerance = onsetTolerance;
    this.baseline = baseline;
    this.trend = trend;
    this.damping = damping;
    this.onsetDeviation = onsetDeviation;
    this.lastDeviation = onsetDeviation;
  }

  /**
   * The tolerance to judge {@code deviation} in: the hold's own ({@code holdTolerance}), or on the
   * first reading after the onset, while it keeps the onset's sign, the confirming tolerance when
   * that is smaller.
   */
  double tolerance(double deviation, double holdTolerance) {
    boolean confirming = readings == 0 && Double.isFinite(confirmTolerance) && deviation * onsetDeviation > 0;
    return confirming ? Math.min(holdTolerance, confirmTolerance) : holdTolerance;
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
   * Records a reading from just before the onset, {@code deviation} from the baseline: a swing
   * beyond two tolerances the other way, at least half as far as the onset, makes the onset the
   * second swing of an oscillation (the sign seen before it counts as seen within the incident).
   */
  void noteBefore(double deviation, double tol) {
    if (deviation * onsetDeviation < 0 && Math.abs(deviation) > 2 * tol
        && Math.abs(deviation) >= 0.5 * Math.abs(onsetDeviation)) {
      note(deviation, tol);
      lastDeviation = onsetDeviation;
    }
  }

  /**
   * The guessed kind, from the incident's shape so far and the sensor's own scale, never from
   * fixed magnitudes: swings both ways are an oscillation (a fan's: vibration); a deviation that
   * keeps growing from its onset is a drift, or, on a particulate sensor, a dust storm when it
   * grows by more than its onset tolerance per reading (a front rolling in) and a sensor drift
   * when slower and grown for as many readings as a front takes ({@link BurstHistory#RISES}: a
   * growth over fewer is a burst's build-up, no calibration walking away; B2 seed 1234 at
   * 2026-12-07T14:57Z, a 20-minute burst called a sensor drift three readings after its onset, is
   * named by its sign below); a sudden, held deviation is named by its sign (spike or drop; on a particulate
   * sensor a pollution spike upwards and a calibration error downwards, since dirtier air never
   * reads lower); a fan under a quarter of its running speed has stalled.
   *
   * @param nominalOn a fan's running speed (rpm), 0 when unknown
   */
  AnomalyKind guess(SensorDescription sensor, double value, double nominalOn) {
    double onset = onsetDeviation;
    boolean growing = Math.abs(lastDeviation) > Math.abs(onset) * 1.8 && readings >= 1;
    boolean swings = sawPositive && sawNegative;
    return switch (sensor.category()) {
      case OVEN, HEATER -> swings ? AnomalyKind.OSCILLATION : growing ? AnomalyKind.DRIFT
          : onset > 0 ? AnomalyKind.SPIKE : AnomalyKind.DROP;
      case FAN -> {
        if (value > sensor.physicalMax()) {
          yield AnomalyKind.OVERSPEED;
        }
        if (swings) {
          yield AnomalyKind.VIBRATION;
        }
        if (onset < 0) {
          yield value < AnalogCheck.STALLED_FRACTION * Math.max(nominalOn, 1) ? AnomalyKind.STALL : AnomalyKind.VIBRATION;
        }
        yield AnomalyKind.SPIKE;
      }
      case PM -> {
        if (growing) {
          double perReading = (Math.abs(lastDeviation) - Math.abs(onset)) / Math.max(1, readings);
          if (perReading > onsetTolerance) {
            yield AnomalyKind.DUST_STORM;
          }
          if (readings >= BurstHistory.RISES[1]) {
            yield AnomalyKind.SENSOR_DRIFT;
          }
        }
        yield onset >= 0 ? AnomalyKind.POLLUTION_SPIKE : AnomalyKind.CALIBRATION_ERROR;
      }
      case LAMP -> throw new IllegalStateException("a lamp is not analog");
    };
  }
}
