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
  void aClimbThatLevelledOffIsSpread() {
    // D1 seed 31, pm-restaurant-57b30e from 17:20 UTC on 2026-07-12: a dust storm climbs from 17:37
    // to 17:49, then levels off and dips; it alerted at 17:59
    assertThat(isSpread(15.8, 16.8, 17.4, 18.2, 17.8, 17.6, 17.1, 16.8, 17.8, 17.5, 17.8, 17.9, 17.3, 17.3,
        17.9, 18.1, 17.4, 18.9, 20.5, 22.6, 24.1, 25.1, 26.7, 27.1, 28.8, 31.1, 34.7, 35.9, 36.1, 37.1, 36.0,
        34.1, 34.8, 35.0, 35.6, 33.3, 34.0, 36.3, 34.7, 34.4)).isTrue();
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
