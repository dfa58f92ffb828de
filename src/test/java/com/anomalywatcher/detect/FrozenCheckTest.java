package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrozenCheckTest {

  private static FrozenCheck trainedOnNoise(long seed) {
    FrozenCheck f = new FrozenCheck();
    Random r = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      f.observe(200 + Math.round(r.nextGaussian() * 10) / 10.0, true, 0);
    }
    return f;
  }

  @Test
  void flagsAValueThatStopsVaryingWhereItNormallyVaries() {
    FrozenCheck f = trainedOnNoise(7);
    boolean frozen = false;
    for (int i = 0; i <= f.limit(); i++) {
      frozen = f.observe(201.3, false, 0);
    }
    assertThat(frozen).isTrue();
  }

  @Test
  void staysQuietOnTheRepeatsThatAreNormalForTheSensor() {
    FrozenCheck f = trainedOnNoise(7);
    Random r = new Random(8);
    for (int i = 0; i < 5_000; i++) {
      assertThat(f.observe(200 + Math.round(r.nextGaussian() * 10) / 10.0, false, 0)).as("reading %d", i).isFalse();
    }
  }

  @Test
  void oneFrozenEpisodeInTheHistoryDoesNotTeachThatFreezingIsNormal() {
    FrozenCheck f = trainedOnNoise(7);
    int before = f.limit();
    for (int i = 0; i < 90; i++) {
      f.observe(205.5, true, 0);
    }
    f.observe(200, true, 0);

    assertThat(f.limit()).isEqualTo(before);
  }

  @Test
  void aDeviceStandingStillAtTheBottomOfItsRangeIsNotFrozen() {
    FrozenCheck f = trainedOnNoise(7);
    for (int i = 0; i < 60; i++) {
      assertThat(f.observe(0, false, 0)).isFalse();
    }
  }

  /** An oven idling at 22 °C, read at 0.1 °C with noise of 0.12 °C: the same value often repeats. */
  private static double idle(Random r) {
    return Math.round((22 + 0.12 * r.nextGaussian()) * 10) / 10.0;
  }

  @Test
  void aCoarseIdleSensorsLongestChanceRunsOfAWeekAreNotFrozenWhileAStuckValueIs() {
    FrozenCheck f = new FrozenCheck();
    Random r = new Random(11);
    for (int i = 0; i < 14 * 1440; i++) {
      f.observe(idle(r), true, 0);
    }
    for (long seed = 1; seed <= 5; seed++) { // five more weeks of the same idling
      Random week = new Random(100 + seed);
      for (int i = 0; i < 7 * 1440; i++) {
        assertThat(f.observe(idle(week), false, 0)).as("week %d reading %d", seed, i).isFalse();
      }
    }
    boolean frozen = false;
    for (int i = 0; i < 60; i++) {
      frozen = f.observe(22.1, false, 0);
    }
    assertThat(frozen).isTrue();
    assertThat(f.limit()).isLessThan(60);
  }

  @Test
  void aFanStandingStillAllNightDoesNotTeachThatItsRunningSpeedMayFreeze() {
    FrozenCheck f = new FrozenCheck();
    Random r = new Random(3);
    for (int day = 0; day < 14; day++) {
      for (int m = 0; m < 1440; m++) {
        boolean running = m >= 8 * 60 && m < 20 * 60;
        f.observe(running ? 700 + Math.round(r.nextGaussian() * 4) : 0, true, 0);
      }
    }
    boolean frozen = false;
    for (int i = 0; i < 30; i++) {
      frozen = f.observe(697, false, 0);
    }
    assertThat(frozen).as("running speed stuck for 30 readings").isTrue();
  }

  @Test
  void aModelSavedBeforeRunCountsRestoresWithItsLongestRuns() {
    FrozenCheck f = FrozenCheck.restore(new FrozenCheck.State(new int[] {9, 8, 7}, null));

    assertThat(f.limit()).isEqualTo(9);
    assertThat(FrozenCheck.restore(f.state()).limit()).isEqualTo(9);
  }
}
