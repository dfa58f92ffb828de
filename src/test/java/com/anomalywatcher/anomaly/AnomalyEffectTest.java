package com.anomalywatcher.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyEffectTest {
  private final Random random = new Random(42);

  private AnomalyEffect draw(AnomalyKind kind, Category category, double max) {
    return AnomalyEffect.draw(kind, category, 0, max, 1.0, random::nextDouble);
  }

  @Test
  void rejectsAKindOfAnotherCategory() {
    assertThatThrownBy(() -> draw(AnomalyKind.FLICKER, Category.OVEN, 350))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flicker").hasMessageContaining("oven");
  }

  @Test
  void spikeAndDropStayInsideTheDocumentedMagnitudes() {
    for (int i = 0; i < 200; i++) {
      assertThat(draw(AnomalyKind.SPIKE, Category.OVEN, 350).apply(200, 0, 0.5) - 200).isBetween(50.0, 100.0);
      assertThat(200 - draw(AnomalyKind.DROP, Category.HEATER, 180).apply(200, 3, 0.5)).isBetween(10.0, 30.0);
      assertThat(draw(AnomalyKind.POLLUTION_SPIKE, Category.PM, 36000).apply(20, 0, 0.5) - 20).isBetween(50.0, 150.0);
    }
  }

  @Test
  void driftRampsEveryReadingUpToItsCap() {
    AnomalyEffect drift = draw(AnomalyKind.DRIFT, Category.OVEN, 350);
    double rate = drift.parameters().get("ratePerReading");
    double sign = drift.parameters().get("direction");

    assertThat(drift.apply(200, 0, 0.5) - 200).isCloseTo(sign * rate, org.assertj.core.data.Offset.offset(0.1));
    assertThat(drift.apply(200, 4, 0.5) - 200).isCloseTo(sign * 5 * rate, org.assertj.core.data.Offset.offset(0.1));
    assertThat(Math.abs(drift.apply(200, 29, 0.5) - 200)).isLessThanOrEqualTo(80);
  }

  @Test
  void flickerStartsOppositeAndNeverHoldsAValueThreeReadings() {
    AnomalyEffect flicker = draw(AnomalyKind.FLICKER, Category.LAMP, 1);
    double[] values = new double[30];
    for (int k = 0; k < values.length; k++) {
      values[k] = flicker.apply(1, k, random.nextDouble());
    }

    assertThat(values[0]).isZero();
    for (int k = 2; k < values.length; k++) {
      assertThat(values[k] == values[k - 1] && values[k - 1] == values[k - 2]).isFalse();
    }
  }

  @Test
  void overspeedExceedsTheRatedMaximumAndStallStopsTheFan() {
    AnomalyEffect overspeed = draw(AnomalyKind.OVERSPEED, Category.FAN, 1000);
    assertThat(overspeed.apply(650, 0, 0.5)).isBetween(840.0, 930.0); // half-way on the first reading
    assertThat(overspeed.apply(650, 1, 0.5)).isBetween(1030.0, 1250.0);
    assertThat(draw(AnomalyKind.STALL, Category.FAN, 1000).apply(650, 0, 0.99)).isLessThan(25);
  }

  @Test
  void driftRateIsPerMinuteWithAFloorPerReading() {
    AnomalyEffect everyMinute = AnomalyEffect.draw(AnomalyKind.SENSOR_DRIFT, Category.PM, 0, 36000, 1.0, () -> 0.0);
    AnomalyEffect everyFiveMinutes = AnomalyEffect.draw(AnomalyKind.SENSOR_DRIFT, Category.PM, 0, 36000, 5.0, () -> 0.0);
    AnomalyEffect everyFiveSeconds = AnomalyEffect.draw(AnomalyKind.SENSOR_DRIFT, Category.PM, 0, 36000, 5 / 60.0, () -> 0.0);

    assertThat(everyMinute.apply(20, 0, 0.5)).isEqualTo(28.0);
    assertThat(everyFiveMinutes.apply(20, 0, 0.5)).isEqualTo(60.0);
    assertThat(everyFiveSeconds.apply(20, 0, 0.5)).isEqualTo(23.0);
  }

  @Test
  void settlesBackGeometricallyAfterTheActivePhase() {
    AnomalyEffect spike = draw(AnomalyKind.SPIKE, Category.OVEN, 350);
    int tail = spike.tailReadings(spike.maxOffset(200, 5), 4.0, 8);
    spike.activeFor(5);
    double[] v = new double[5 + tail];
    for (int k = 0; k < v.length; k++) {
      v[k] = spike.apply(200, k, 0.5);
    }

    assertThat(tail).isBetween(3, 4);
    assertThat(v[4] - 200).isBetween(50.0, 100.0);
    assertThat(v[5] - 200).isCloseTo((v[4] - 200) * AnomalyEffect.TAIL_FACTOR, org.assertj.core.data.Offset.offset(0.1));
    assertThat(v[v.length - 1] - 200).isBetween(0.0, 4.0);
  }

  @Test
  void parametersAreRecordedForTheEpisode() {
    assertThat(draw(AnomalyKind.CALIBRATION_ERROR, Category.PM, 36000).parameters()).containsKeys("scale", "offset");
    assertThat(draw(AnomalyKind.OSCILLATION, Category.HEATER, 180).parameters()).containsKeys("amplitude", "periodReadings");
  }
}
