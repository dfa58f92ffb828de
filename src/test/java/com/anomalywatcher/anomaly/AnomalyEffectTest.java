package com.anomalywatcher.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.Category;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyEffectTest {
  private final Random random = new Random(42);

  private AnomalyEffect draw(AnomalyKind kind, Category category, double max) {
    return AnomalyEffect.draw(kind, category, 0, max, random::nextDouble);
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
    assertThat(draw(AnomalyKind.OVERSPEED, Category.FAN, 1000).apply(650, 0, 0.5)).isBetween(1030.0, 1250.0);
    assertThat(draw(AnomalyKind.STALL, Category.FAN, 1000).apply(650, 0, 0.99)).isLessThan(25);
  }

  @Test
  void parametersAreRecordedForTheEpisode() {
    assertThat(draw(AnomalyKind.CALIBRATION_ERROR, Category.PM, 36000).parameters()).containsKeys("scale", "offset");
    assertThat(draw(AnomalyKind.OSCILLATION, Category.HEATER, 180).parameters()).containsKeys("amplitude", "periodReadings");
  }
}
