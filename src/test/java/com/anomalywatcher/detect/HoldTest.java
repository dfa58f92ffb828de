package com.anomalywatcher.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import org.junit.jupiter.api.Test;

/**
 * An incident's kind comes from its shape in the sensor's own scale: the same shape named the same
 * on a quiet sensor with small deviations and on a coarse one with deviations a hundred times larger.
 */
class HoldTest {
  private static final SensorDescription OVEN =
      new SensorDescription(Category.OVEN, SensorType.ANALOG, "°C", 0, 400, null);
  private static final SensorDescription PM =
      new SensorDescription(Category.PM, SensorType.SERIAL, "PM", 0, 36000, null);

  /** Feeds deviations (after the onset) into a hold whose onset tolerance is {@code tol}; returns its guess. */
  private static AnomalyKind shape(SensorDescription sensor, double tol, double onset, double... later) {
    Hold h = new Hold(100, 0, 0.9, onset, tol);
    h.note(onset, tol);
    for (double d : later) {
      h.readings++;
      h.note(d, tol);
    }
    return h.guess(sensor, 100 + (later.length == 0 ? onset : later[later.length - 1]), 0);
  }

  @Test
  void heldStepsAreNamedBySignAtAnyScale() {
    for (double scale : new double[] {0.1, 1, 100}) {
      assertEquals(AnomalyKind.SPIKE, shape(OVEN, scale, 3 * scale, 3 * scale, 3.1 * scale), "scale " + scale);
      assertEquals(AnomalyKind.DROP, shape(OVEN, scale, -3 * scale, -3 * scale, -2.9 * scale), "scale " + scale);
      assertEquals(AnomalyKind.POLLUTION_SPIKE, shape(PM, scale, 3 * scale, 3 * scale), "scale " + scale);
      assertEquals(AnomalyKind.CALIBRATION_ERROR, shape(PM, scale, -3 * scale, -3 * scale), "scale " + scale);
    }
  }

  @Test
  void growthAndSwingsAreNamedByShapeAtAnyScale() {
    for (double scale : new double[] {0.1, 1, 100}) {
      assertEquals(AnomalyKind.DRIFT, shape(OVEN, scale, 2 * scale, 3 * scale, 4 * scale), "scale " + scale);
      assertEquals(AnomalyKind.OSCILLATION, shape(OVEN, scale, 3 * scale, -3 * scale, 3 * scale), "scale " + scale);
      // growth faster than its tolerance per reading: a front rolling in; slower: the sensor drifting
      assertEquals(AnomalyKind.DUST_STORM, shape(PM, scale, 2 * scale, 5 * scale, 8 * scale), "scale " + scale);
      assertEquals(AnomalyKind.SENSOR_DRIFT,
          shape(PM, scale, 2 * scale, 2.5 * scale, 3 * scale, 3.5 * scale, 4 * scale, 4.5 * scale), "scale " + scale);
    }
  }

  @Test
  void aSlowGrowthOfFewerReadingsThanAFrontTakesIsNoSensorDrift() {
    // grown past 1.8 times the onset in four readings, slower than its tolerance per reading: a
    // burst's build-up, named by its sign; one reading more and it is a sensor drift
    for (double scale : new double[] {0.1, 1, 100}) {
      assertEquals(AnomalyKind.POLLUTION_SPIKE,
          shape(PM, scale, 2 * scale, 2.5 * scale, 3 * scale, 3.5 * scale, 4 * scale), "scale " + scale);
      assertEquals(AnomalyKind.CALIBRATION_ERROR,
          shape(PM, scale, -2 * scale, -2.5 * scale, -3 * scale, -3.5 * scale, -4 * scale), "scale " + scale);
      assertEquals(AnomalyKind.SENSOR_DRIFT,
          shape(PM, scale, -2 * scale, -2.5 * scale, -3 * scale, -3.5 * scale, -4 * scale, -4.5 * scale), "scale " + scale);
    }
  }
}
