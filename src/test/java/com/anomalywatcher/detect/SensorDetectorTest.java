package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cold start and the sharpest domain checks on hand-made series (no randomness). */
class SensorDetectorTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  private static double oven(int i) {
    return 200 + 0.8 * Math.sin(i / 2.0);
  }

  @Test
  void coldDetectorWarmsUpThenFlagsASpikeOnItsSecondReading() {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), "oven-restaurant-000001");
    for (int i = 0; i < SensorDetector.WARMUP_READINGS; i++) {
      assertThat(d.observe(minute(i), oven(i), null).ready()).isFalse();
    }
    for (int i = SensorDetector.WARMUP_READINGS; i < 60; i++) {
      Detection normal = d.observe(minute(i), oven(i), null);
      assertThat(normal.ready()).isTrue();
      assertThat(normal.score()).as("reading %d", i).isLessThan(0.7);
    }

    Detection onset = d.observe(minute(60), oven(60) + 75, null);
    Detection spike = d.observe(minute(61), oven(61) + 75, null);

    assertThat(onset.score()).isLessThan(0.7);
    assertThat(spike.score()).isEqualTo(1.0);
    assertThat(spike.kind()).isEqualTo(AnomalyKind.SPIKE);
    assertThat(spike.expectedHigh()).isLessThan(210);
  }

  @Test
  void aSingleGlitchNeverAlertsWhileASpikeOfTheSameSizeDoes() {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), "oven-restaurant-000001");
    for (int i = 0; i < 60; i++) {
      d.observe(minute(i), oven(i), null);
    }

    assertThat(d.observe(minute(60), oven(60) + 75, null).score()).isLessThan(0.7);
    assertThat(d.observe(minute(61), oven(61), null).score()).isLessThan(0.7);
    for (int i = 62; i < 70; i++) {
      assertThat(d.observe(minute(i), oven(i), null).score()).as("after the glitch %d", i).isLessThan(0.7);
    }
  }

  @Test
  void expectedRangeStaysInsideWhatTheSensorCanAndDidShow() {
    SensorDescription pm = new SensorDescription(Category.PM, SensorType.SERIAL, "PM", 0, 36000, null);
    SensorDetector d = SensorDetector.fresh(pm, "pm-restaurant-000001");
    for (int i = 0; i < 400; i++) {
      d.train(minute(i), 2 + (i * 7 % 5), null);
    }

    for (double v : new double[] {3, 250, 40}) {
      Detection det = d.observe(minute(400), v, null);
      if (Double.isFinite(det.expectedLow())) {
        assertThat(det.expectedLow()).as("low for %s", v).isGreaterThanOrEqualTo(2);
        assertThat(det.expectedHigh()).as("high for %s", v).isLessThanOrEqualTo(6);
      }
    }
  }

  @Test
  void spikePlateauStaysOneIncidentAndEndsWhenTheValueReturns() {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), "oven-restaurant-000001");
    for (int i = 0; i < 60; i++) {
      d.observe(minute(i), oven(i), null);
    }
    d.observe(minute(60), oven(60) + 75, null);
    for (int i = 61; i < 70; i++) {
      assertThat(d.observe(minute(i), oven(i) + 75, null).score()).as("plateau %d", i).isGreaterThanOrEqualTo(0.7);
    }
    assertThat(d.observe(minute(70), oven(70), null).score()).isLessThan(0.7);
    assertThat(d.observe(minute(71), oven(71), null).score()).isLessThan(0.7);
  }

  @Test
  void fanReadingNearZeroWhileItsSwitchIsOnIsAStall() {
    SensorDetector d = SensorDetector.fresh(SensorKind.FAN_SPEED.description(), "fan-restaurant-000001");
    SwitchState on = new SwitchState(true, minute(-30), minute(-30));
    for (int i = 0; i < 60; i++) {
      d.observe(minute(i), 650 + (i % 3), on);
    }

    Detection stall = d.observe(minute(60), 4, on);

    assertThat(stall.score()).isEqualTo(1.0);
    assertThat(stall.kind()).isEqualTo(AnomalyKind.STALL);
  }

  @Test
  void fanCoastingDownAfterSwitchOffIsNormal() {
    SensorDetector d = SensorDetector.fresh(SensorKind.FAN_SPEED.description(), "fan-restaurant-000001");
    SwitchState on = new SwitchState(true, minute(-30), minute(-30));
    for (int i = 0; i < 60; i++) {
      d.observe(minute(i), 650 + (i % 3), on);
    }
    SwitchState off = new SwitchState(false, minute(60), minute(60));
    double rpm = 650;
    for (int i = 60; i < 80; i++) {
      rpm *= Math.exp(-1 / 2.5);
      assertThat(d.observe(minute(i), Math.round(rpm), off).score()).as("coasting %d", i).isLessThan(0.7);
    }
  }

  @Test
  void lampTogglingEveryReadingIsAFlicker() {
    SensorDetector d = SensorDetector.fresh(SensorKind.LAMP.description(), "lamp-restaurant-000001");
    for (int i = 0; i < 40; i++) {
      d.observe(minute(i), 1, null);
    }
    d.observe(minute(40), 0, null);

    Detection second = d.observe(minute(41), 1, null);

    assertThat(second.score()).isEqualTo(1.0);
    assertThat(second.kind()).isEqualTo(AnomalyKind.FLICKER);
  }

  @Test
  void readingAbovePhysicalRangeScoresOneEvenWhileWarmingUp() {
    SensorDetector d = SensorDetector.fresh(SensorKind.FAN_SPEED.description(), "fan-restaurant-000001");

    Detection d0 = d.observe(minute(0), 1150, null);

    assertThat(d0.score()).isEqualTo(1.0);
    assertThat(d0.kind()).isEqualTo(AnomalyKind.OVERSPEED);
  }

  /** A heater: night setback 40 °C, warm-up to 60 °C from {@code warmUp} (minute of the day). */
  private static double heater(int minuteOfDay, int warmUp, int i) {
    double noise = 0.15 * Math.sin(i * 1.3);
    if (minuteOfDay < warmUp || minuteOfDay >= 18 * 60) {
      return 40 + noise;
    }
    return 60 - 20 * Math.exp(-(minuteOfDay - warmUp) / 20.0) + noise;
  }

  @Test
  void heaterWarmingUpEarlierThanOnAnyTrainingDayIsNormal() {
    SensorDetector d = SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), "heater-restaurant-000001");
    Instant day0 = Instant.parse("2026-03-01T00:00:00Z");
    int i = 0;
    for (int day = 0; day < 7; day++) {
      int warmUp = 9 * 60 + 2 * day; // 09:00..09:12 in training
      for (int m = 0; m < 24 * 60; m++, i++) {
        d.train(day0.plus(Duration.ofMinutes(day * 1440L + m)), heater(m, warmUp, i), null);
      }
    }
    int warmUp = 8 * 60 + 32; // 28 min earlier than the earliest training day: two days' jitters apart
    for (int m = 0; m < 12 * 60; m++, i++) {
      Detection r = d.observe(day0.plus(Duration.ofMinutes(7 * 1440L + m)), heater(m, warmUp, i), null);
      assertThat(r.score()).as("minute %d", m).isLessThan(0.7);
    }
  }
}
