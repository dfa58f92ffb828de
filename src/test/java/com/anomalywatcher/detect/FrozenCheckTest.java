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
}
