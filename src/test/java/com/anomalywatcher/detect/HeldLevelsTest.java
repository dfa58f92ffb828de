package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a level the sensor held a few readings ago lies on the way of a change carried on. */
class HeldLevelsTest {
  /** The readings oldest first, as a full ring whose newest is at {@code head - 1 = length - 1}. */
  private static boolean onTheWay(double[] oldestFirst, double from, double to, double tol) {
    return HeldLevels.onTheWay(oldestFirst, 0, oldestFirst.length, from, to, tol);
  }

  @Test
  void aFanSpinningBackUpHeadsForTheSpeedItRanAt() {
    double[] readings = {595, 596, 598, 9.5, 8.7, 10.2, 388, 521.9, 593};

    assertThat(onTheWay(readings, 593, 628.5, 12)).isTrue();
  }

  @Test
  void aRampThroughLevelsNeverHeldHeadsForNone() {
    double[] readings = {20, 20.1, 19.9, 21.4, 22.9, 24.3, 25.8, 27.2, 28.6};

    assertThat(onTheWay(readings, 28.6, 29.9, 0.5)).isFalse();
  }

  @Test
  void aLevelPassedThroughOnceIsNoLevelHeld() {
    // a swing crosses 44 once on each pass: never three readings there
    double[] readings = {40, 54.4, 43.7, 26.6, 44, 55, 44.9, 27.9, 30};

    assertThat(onTheWay(readings, 30, 50, 1.2)).isFalse();
  }

  @Test
  void aLevelBehindTheChangeIsNotOnItsWay() {
    double[] readings = {596, 597, 596, 590, 560, 530};

    assertThat(onTheWay(readings, 530, 500, 12)).isFalse();
  }

  @Test
  void theNewestReadingIsNoLevelHeldBefore() {
    double[] readings = {10, 30, 50, 70, 90, 110, 111, 110};

    assertThat(onTheWay(readings, 110, 130, 2)).isFalse();
  }
}
