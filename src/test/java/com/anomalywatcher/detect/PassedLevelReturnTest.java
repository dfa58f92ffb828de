package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A return goes back to a level the sensor held, not to one it passed through: after a heater
 * swung ±15 °C around 32 °C (an oscillation crossing 35 °C on its passes) and settled at 32 °C
 * again, a step to 35 °C is no "back from 32 °C" (B2 seed 42 at 2026-11-28T20:15Z: a heater's
 * warm-up start at 08:56 was named a return to a level its oscillation crossed at 08:19).
 */
class PassedLevelReturnTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorDescription HEATER = SensorKind.HEATER_TEMPERATURE.description();
  private static final int DAY = 1440;
  private static final double[] SWING = {47, 35, 17, 17, 35, 47, 35, 17, 17, 35, 47, 35};

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  /** A heater at 32 °C whose reading jitters irregularly by up to ±0.2 °C (no randomness). */
  private static double heater(int i) {
    return 32 + (Math.floorMod(i * 7919, 101) - 50) / 250.0;
  }

  /** Trained on three quiet days, watched for an hour, swinging, then settled for 15 readings; the next minute. */
  private static int swungAndSettled(SensorDetector d) {
    for (int i = 0; i < 3 * DAY; i++) {
      d.train(minute(i), heater(i), null);
    }
    int i = 3 * DAY;
    for (; i < 3 * DAY + 60; i++) {
      d.observe(minute(i), heater(i), null);
    }
    for (double v : SWING) {
      d.observe(minute(i++), v, null);
    }
    for (int k = 0; k < 15; k++, i++) {
      d.observe(minute(i), heater(i), null);
    }
    return i;
  }

  @Test
  void aStepToALevelTheSwingPassedThroughIsNoReturn() {
    SensorDetector d = SensorDetector.fresh(HEATER, "heater-restaurant-000001");
    int at = swungAndSettled(d);

    Detection step = d.observe(minute(at), 35, null);

    assertThat(step.isReturn()).isFalse();
  }
}
