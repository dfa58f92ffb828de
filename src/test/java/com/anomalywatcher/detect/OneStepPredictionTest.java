package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A change carried on only when it continues a trend; after a jump, the nearer of trend and last value. */
class OneStepPredictionTest {
  @Test
  void aRampThatContinuesIsCarriedOn() {
    OneStepPrediction p = OneStepPrediction.of(120, 5, 4.5, 0.9, 120.2);

    assertThat(p.expected()).isEqualTo(124.5);
    assertThat(p.trend()).isEqualTo(4.5);
  }

  @Test
  void theWayBackAfterAJumpIsExpectedAtTheLastValue() {
    // a door opening: 196 -> 173 in one reading, then the oven recovers to 180
    OneStepPrediction p = OneStepPrediction.of(173, -23, -0.5, 0.9, 180);

    assertThat(p.expected()).isEqualTo(173);
    assertThat(p.trend()).isZero();
  }

  @Test
  void aJumpThatGoesOnIsStillCarriedOn() {
    // a warm-up's first step: the trend foresees the second better than the last value
    OneStepPrediction p = OneStepPrediction.of(25, 5, 0, 0.9, 29.6);

    assertThat(p.expected()).isEqualTo(29.5);
  }

  @Test
  void aTurnAfterASwingIsJudgedFromTheNearerPrediction() {
    OneStepPrediction p = OneStepPrediction.of(40, -3, 3, 0.9, 40.5);

    assertThat(p.expected()).isEqualTo(40);
  }

  @Test
  void aRecoveryArrivingAtALevelHeldBeforeIsNoTrend() {
    // a stalled fan spinning back up: +134, then +71 rpm, arriving at the 594 rpm it ran at
    OneStepPrediction arriving = OneStepPrediction.of(593, 71, 134, 0.5, 594, true);
    OneStepPrediction carriedOn = OneStepPrediction.of(593, 71, 134, 0.5, 594, false);

    assertThat(arriving.expected()).isEqualTo(593);
    assertThat(arriving.trend()).isZero();
    assertThat(carriedOn.expected()).isEqualTo(628.5);
  }

  @Test
  void aRecoveryOvershootingTheLevelHeldBeforeIsStillJudgedFromTheNearerPrediction() {
    OneStepPrediction p = OneStepPrediction.of(593, 71, 134, 0.5, 640, true);

    assertThat(p.expected()).isEqualTo(628.5);
  }
}
