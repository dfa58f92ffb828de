package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrozenCheckTest {

  private static FrozenCheck trainedOnNoise(long seed) {
    FrozenCheck f = new FrozenCheck();
    Random r = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      f.observe(200 + Math.round(r.nextGaussian() * 10) / 10.0, true, false, 0);
    }
    return f;
  }

  @Test
  void flagsAValueThatStopsVaryingWhereItNormallyVaries() {
    FrozenCheck f = trainedOnNoise(7);
    boolean frozen = false;
    for (int i = 0; i <= f.limit(); i++) {
      frozen = f.observe(201.3, false, false, 0);
    }
    assertThat(frozen).isTrue();
  }

  @Test
  void staysQuietOnTheRepeatsThatAreNormalForTheSensor() {
    FrozenCheck f = trainedOnNoise(7);
    Random r = new Random(8);
    for (int i = 0; i < 5_000; i++) {
      assertThat(f.observe(200 + Math.round(r.nextGaussian() * 10) / 10.0, false, false, 0)).as("reading %d", i).isFalse();
    }
  }

  @Test
  void oneFrozenEpisodeInTheHistoryDoesNotTeachThatFreezingIsNormal() {
    FrozenCheck f = trainedOnNoise(7);
    int before = f.limit();
    for (int i = 0; i < 90; i++) {
      f.observe(205.5, true, false, 0);
    }
    f.observe(200, true, false, 0);

    assertThat(f.limit()).isEqualTo(before);
  }

  @Test
  void aDeviceStandingStillAtTheBottomOfItsRangeIsNotFrozen() {
    FrozenCheck f = trainedOnNoise(7);
    for (int i = 0; i < 60; i++) {
      assertThat(f.observe(0, false, false, 0)).isFalse();
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
      f.observe(idle(r), true, false, 0);
    }
    for (long seed = 1; seed <= 5; seed++) { // five more weeks of the same idling
      Random week = new Random(100 + seed);
      for (int i = 0; i < 7 * 1440; i++) {
        assertThat(f.observe(idle(week), false, false, 0)).as("week %d reading %d", seed, i).isFalse();
      }
    }
    boolean frozen = false;
    for (int i = 0; i < 60; i++) {
      frozen = f.observe(22.1, false, false, 0);
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
        f.observe(running ? 700 + Math.round(r.nextGaussian() * 4) : 0, true, false, 0);
      }
    }
    boolean frozen = false;
    for (int i = 0; i < 30; i++) {
      frozen = f.observe(697, false, false, 0);
    }
    assertThat(frozen).as("running speed stuck for 30 readings").isTrue();
  }

  /** A cold detector: a dozen warm-up readings while the oven still warms (no value twice). */
  private static FrozenCheck warmedUpCold() {
    FrozenCheck f = new FrozenCheck();
    for (int i = 0; i < 12; i++) {
      f.observe(20 + 0.7 * i, true, false, 0);
    }
    return f;
  }

  @Test
  void aColdDetectorLearnsTheRepeatsOfAValueSettlingAfterItsWarmUp() {
    FrozenCheck f = warmedUpCold();
    assertThat(f.limit()).isEqualTo(6);
    Random r = new Random(5);
    for (int i = 0; i < 3 * 1440; i++) {
      assertThat(f.observe(idle(r), false, true, 0)).as("reading %d", i).isFalse();
    }
    assertThat(f.limit()).isLessThan(20);
  }

  @Test
  void aColdDetectorStillFindsAStuckValueAndDoesNotLearnIt() {
    FrozenCheck f = warmedUpCold();
    Random r = new Random(6);
    for (int i = 0; i < 200; i++) {
      f.observe(180 + r.nextGaussian(), false, true, 0);
    }
    int before = f.limit();
    int frozenAt = -1;
    for (int i = 1; i <= 30 && frozenAt < 0; i++) {
      frozenAt = f.observe(181.25, false, true, 0) ? i : -1;
    }
    for (int i = 1; i <= 30; i++) {
      f.observe(181.25, false, true, 0);
    }
    f.observe(180, false, true, 0);

    assertThat(frozenAt).as("readings until frozen").isBetween(3, 5);
    assertThat(f.limit()).as("the frozen run is not learned").isEqualTo(before);
  }

  @Test
  void aTrainedHistoryThatNeverRepeatedKeepsTheMinimum() {
    FrozenCheck f = new FrozenCheck();
    for (int i = 0; i < 14 * 1440; i++) {
      f.observe(200 + i * 1e-3, true, false, 0);
    }
    assertThat(f.thinLimit()).isEqualTo(2);
    assertThat(f.limit()).isEqualTo(FrozenCheck.MIN_REPEATS);
    assertThat(FrozenCheck.restore(f.state()).limit()).isEqualTo(FrozenCheck.MIN_REPEATS);
  }

  @Test
  void aModelSavedBeforeRunCountsRestoresWithItsLongestRuns() {
    FrozenCheck f = FrozenCheck.restore(new FrozenCheck.State(new int[] {9, 8, 7}, null));

    assertThat(f.limit()).isEqualTo(9);
    assertThat(FrozenCheck.restore(f.state()).limit()).isEqualTo(9);
  }

  /**
   * A heater read at 0.1 °C: correlated noise (spread 0.2 °C, 4 min time constant) on a level that
   * moves: a thermostat's sawtooth of ±0.6 °C every 12 min, or nothing where the level stands still
   * for a while ({@code standing}), as where a heat-up's rise meets the sawtooth's fall.
   */
  private static final class Heater {
    private final Random r;
    private double noise;
    private int minute;

    Heater(long seed) {
      r = new Random(seed);
    }

    double next(boolean standing) {
      double a = Math.exp(-1 / 4.0);
      noise = noise * a + 0.2 * Math.sqrt(1 - a * a) * r.nextGaussian();
      double phase = (minute++ % 12) / 12.0;
      double saw = phase < 0.35 ? -1 + 2 * phase / 0.35 : 1 - 2 * (phase - 0.35) / 0.65;
      return Math.round((70.03 + (standing ? 0 : 0.6 * saw) + noise) * 10) / 10.0;
    }
  }

  private static FrozenCheck trainedOnAHeaterWeek() {
    FrozenCheck f = new FrozenCheck();
    Heater h = new Heater(21);
    for (int i = 0; i < 7 * 1440; i++) {
      f.observe(h.next(false), true, false, 0);
    }
    return f;
  }

  @Test
  void aLevelStandingStillRepeatsLongerThanAWeekOfAMovingLevelShowedWithoutFreezing() {
    FrozenCheck f = trainedOnAHeaterWeek();
    Heater h = new Heater(29);
    int longest = 0;
    for (int i = 0; i < 2 * 1440; i++) { // two days of the level standing still, noise as before
      double v = h.next(true);
      assertThat(f.observe(v, false, false, 0)).as("reading %d, %d repeats", i, f.repeats()).isFalse();
      longest = Math.max(longest, f.repeats());
    }
    // the week's runs alone (its tail) would have called the longest chance run frozen
    assertThat(longest).as("the longest chance run").isGreaterThanOrEqualTo(f.tailLimit());
  }

  @Test
  void aHeaterStuckAtOneValueIsStillFrozenWithinTwelveReadings() {
    FrozenCheck f = trainedOnAHeaterWeek();
    Heater h = new Heater(23);
    for (int i = 0; i < 200; i++) {
      f.observe(h.next(false), false, false, 0);
    }
    int frozenAt = -1;
    for (int i = 1; i <= 30 && frozenAt < 0; i++) {
      frozenAt = f.observe(70.4, false, false, 0) ? i : -1;
    }
    assertThat(frozenAt).as("readings until frozen").isBetween(3, 12);
  }

  @Test
  void aColdDetectorLearnsNoStepsOfAValueItCallsFrozen() {
    FrozenCheck f = warmedUpCold();
    Heater h = new Heater(24);
    for (int i = 0; i < 3 * 1440; i++) {
      f.observe(h.next(false), false, true, 0);
    }
    int before = f.limit();
    boolean frozen = true;
    for (int i = 0; i < 3000; i++) {
      boolean now = f.observe(70.4, false, true, 0);
      frozen = i < before ? frozen : frozen && now;
    }
    f.observe(70.9, false, true, 0);

    assertThat(frozen).as("frozen from the limit to the end of the stuck readings").isTrue();
    assertThat(f.limit()).as("the stuck readings' steps are not learned").isEqualTo(before);
  }
}
