package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The confirming reading of an onset ({@link OnsetConfirmation}) on a sensor holding 35 °C with a
 * controller's cycling (±0.5 °C, period 8 readings) and noise 0.1, 1-minute readings, 14 days of
 * history, scored as the monitor does (restored from the saved model). A heater stepping 3 °C
 * from its settled level alerts on the step's second reading, as it did not before (the hold's
 * scale of twice the residual tolerance left it at 0.5–0.6); the same step on an oven (door
 * openings step and hold for a reading too) and a heater's return from a single low glitch of
 * 2 °C (which, confirmed at the onset's scale, would alert: the step before it was the glitch)
 * stay below the alert level.
 */
class OnsetConfirmationTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int HISTORY = 14 * 1440;
  private static final int SETTLED = 120;

  private final Random r = new Random(7);
  private int i;

  private double holding() {
    return Math.round((35 + 0.5 * Math.sin(2 * Math.PI * i / 8.0) + 0.1 * r.nextGaussian()) * 10) / 10.0;
  }

  private Instant now() {
    return T0.plusSeconds(60L * i);
  }

  private static SensorDetector restored(SensorDetector d) {
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, "heater-restaurant-000001",
        d.sensor(), T0, T0, T0, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /** A detector trained on the holding history, saved and restored, then fed {@link #SETTLED} settled readings. */
  private SensorDetector settled(SensorDescription sensor) {
    SensorDetector d = SensorDetector.fresh(sensor, "heater-restaurant-000001");
    for (; i < HISTORY; i++) {
      d.train(now(), holding(), null);
    }
    d = restored(d);
    for (int k = 0; k < SETTLED; k++, i++) {
      d.observe(now(), holding(), null);
    }
    return d;
  }

  /** The detections of {@code readings} readings offset from the holding level by {@code offsets} (repeating the last). */
  private Detection[] offset(SensorDetector d, int readings, double... offsets) {
    Detection[] out = new Detection[readings];
    for (int k = 0; k < readings; k++, i++) {
      out[k] = d.observe(now(), holding() + offsets[Math.min(k, offsets.length - 1)], null);
    }
    return out;
  }

  @Test
  void aHeaterStepLeavingASettledLevelAlertsOnItsSecondReading() {
    Detection[] step = offset(settled(SensorKind.HEATER_TEMPERATURE.description()), 2, -3);

    assertThat(step[0].score()).as("the onset alone").isLessThan(0.7);
    assertThat(step[1].score()).as("confirmed by the next reading").isGreaterThanOrEqualTo(0.7);
    assertThat(step[1].kind()).isEqualTo(AnomalyKind.DROP);
    assertThat(step[1].expectedLow()).isGreaterThan(holding() - 3);
  }

  @Test
  void theSameStepOnAnOvenIsNotConfirmedAtTheOnsetsScale() {
    Detection[] step = offset(settled(SensorKind.OVEN_TEMPERATURE.description()), 2, -3);

    assertThat(step[0].score()).isLessThan(0.7);
    assertThat(step[1].score()).isLessThan(0.7);
  }

  @Test
  void aHeatersReturnFromASingleLowGlitchDoesNotAlert() {
    Detection[] glitch = offset(settled(SensorKind.HEATER_TEMPERATURE.description()), 6, -2.0, 0);

    assertThat(glitch).allSatisfy(d -> assertThat(d.score()).isLessThan(0.7));
  }

  @Test
  void aHeaterRestoredAgainConfirmsTheStepAlike() {
    SensorDetector d = restored(settled(SensorKind.HEATER_TEMPERATURE.description()));
    offset(d, SETTLED, 0); // a restarted monitor's readings settle its running state again

    Detection[] step = offset(d, 2, -3);

    assertThat(step[1].score()).isGreaterThanOrEqualTo(0.7);
    assertThat(step[1].kind()).isEqualTo(AnomalyKind.DROP);
  }
}
