package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RiseShape} on generated readings, oldest first, the newest last. */
class RiseShapeTest {
  private static boolean isSpread(double... oldestFirst) {
    int n = oldestFirst.length;
    return RiseShape.isSpread(m -> oldestFirst[n - m], n);
  }

  @Test
  void aClimbOverTenReadingsIsSpread() {
    assertThat(isSpread(20, 20.4, 19.8, 20.1, 22, 24.5, 26, 28.6, 30, 32.3, 35, 36.4, 38, 40.2, 41)).isTrue();
  }

  @Test
  void aHeldJumpIsNot() {
    assertThat(isSpread(20, 20.4, 19.8, 20.1, 20.3, 19.9, 30.2, 30.6, 29.8, 30.4, 30.1)).isFalse();
  }

  @Test
  void aJumpInTwoReadingsIsNot() {
    // most of it in the first of them
    assertThat(isSpread(20, 20.4, 19.8, 20.1, 20.3, 19.9, 27, 30.2, 30.6, 29.8)).isFalse();
  }

  @Test
  void aJumpAfterASlowDriftIsNot() {
    // the background drifts from 2 to 12 over 30 readings, then one reading jumps by 9: the climb
    // is the jump, not the drift and the jump together
    double[] readings = new double[31];
    for (int i = 0; i < 30; i++) {
      readings[i] = 2 + 10.0 * i / 29 + 0.2 * (i % 3 - 1);
    }
    readings[30] = readings[29] + 9;
    assertThat(isSpread(readings)).isFalse();
  }

  @Test
  void aClimbAfterASlowDriftIsSpread() {
    double[] readings = new double[40];
    for (int i = 0; i < 30; i++) {
      readings[i] = 2 + 10.0 * i / 29 + 0.2 * (i % 3 - 1);
    }
    for (int i = 30; i < 40; i++) {
      readings[i] = readings[29] + 2.5 * (i - 29) + 0.3 * (i % 2);
    }
    assertThat(isSpread(readings)).isTrue();
  }

  @Test
  void aRiseTooShortToSeeIsNot() {
    assertThat(isSpread(20, 23, 26)).isFalse();
  }

  @Test
  void aFallIsNot() {
    assertThat(isSpread(40, 38, 36, 34, 32, 30)).isFalse();
  }
}
