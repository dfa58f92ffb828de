package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The held-step check of a running fan: trained on two weeks of a fan at 700 rpm (noise of 3 rpm
 * and a slow wander of about as much, whole rpm) switched on 16 hours a day, with one change to a second speed (a fifth to a third
 * slower or faster, reached within a few minutes) for an hour every day. A held step of 25 rpm
 * alerts within a few readings; a second speed, noise and the return from a step do not.
 */
class FanStepCheckTest {
  private static final double NOMINAL = 700;
  private static final double NOISE = 3;
  private static final long SEED = 7;

  private final Random r = new Random(SEED);
  private final FanStepCheck check = new FanStepCheck();

  /** A slow wander of the rotor's speed (AR(1), about 3 rpm), as a real fan's load and supply vary. */
  private double wander;

  private double reading(double level) {
    wander = 0.95 * wander + r.nextGaussian();
    return Math.rint(level + wander + NOISE * r.nextGaussian());
  }

  /** A second speed: from nominal towards {@code factor} times it (time constant 1 min), held an hour, and back. */
  private double secondSpeed(int minute, double factor) {
    double target = NOMINAL * factor;
    if (minute < 60) {
      return target + (NOMINAL - target) * Math.exp(-minute / 1.0);
    }
    return NOMINAL + (target - NOMINAL) * Math.exp(-(minute - 60) / 1.0);
  }

  /** Two weeks: switched on 16 h a day, a second speed an hour long every day at a varying time. */
  private void train() {
    for (int day = 0; day < 14; day++) {
      double factor = day % 2 == 0 ? 0.7 + 0.1 * r.nextDouble() : 1.2 + 0.1 * r.nextDouble();
      int start = 120 + r.nextInt(600);
      for (int m = 0; m < 16 * 60; m++) {
        boolean second = m >= start && m < start + 75;
        double level = second ? secondSpeed(m - start, factor) : NOMINAL;
        check.observe(reading(level), m >= 10, true);
      }
      for (int m = 0; m < 8 * 60; m++) { // switched off
        check.observe(0, false, true);
      }
    }
  }

  /** Feeds {@code steady} readings at nominal speed, then {@code then}; returns the index of the first alert, or -1. */
  private int firstAlert(int steady, double... then) {
    int found = -1;
    for (int i = 0; i < steady + then.length; i++) {
      double v = i < steady ? reading(NOMINAL) : then[i - steady];
      if (check.observe(v, true, false) != 0 && found < 0) {
        found = i;
      }
    }
    return found;
  }

  private double[] held(double level, int readings) {
    double[] v = new double[readings];
    for (int i = 0; i < readings; i++) {
      v[i] = reading(level);
    }
    return v;
  }

  @Test
  void learnsTheFanJitterAsTolerance() {
    train();
    assertThat(check.tolerance()).as("seed %d", SEED).isBetween(NOISE, 5 * NOISE);
  }

  @Test
  void aHeldOverspeedOfTwentyFiveRpmAlertsWithinItsFifthReading() {
    train();
    assertThat(firstAlert(60, held(NOMINAL + 25, 30))).as("seed %d", SEED).isBetween(60 + 3, 60 + 4);
  }

  @Test
  void aHeldSlowdownAlertsToo() {
    train();
    assertThat(firstAlert(60, held(NOMINAL - 25, 30))).as("seed %d", SEED).isBetween(60 + 3, 60 + 4);
  }

  @Test
  void aChangeToASecondSpeedAndBackIsNoStep() {
    train();
    double[] v = new double[150];
    for (int m = 0; m < v.length; m++) {
      v[m] = reading(m < 75 ? secondSpeed(m, 0.75) : secondSpeed(m, 1.25));
    }
    assertThat(firstAlert(60, v)).as("seed %d", SEED).isEqualTo(-1);
  }

  @Test
  void hoursOfSteadyRunningRaiseNothing() {
    train();
    assertThat(firstAlert(6 * 60)).as("seed %d", SEED).isEqualTo(-1);
  }

  @Test
  void aStepWhileTheSwitchIsOffOrJustOnIsNotJudged() {
    train();
    for (int i = 0; i < 60; i++) {
      check.observe(reading(NOMINAL), true, false);
    }
    boolean any = false;
    for (int i = 0; i < 30; i++) { // spinning up again: not steady yet
      any |= check.observe(reading(NOMINAL + 25), false, false) != 0;
    }
    assertThat(any).isFalse();
  }

  @Test
  void aRestoredCheckJudgesAsTheTrainedOne() {
    train();
    FanStepCheck restored = FanStepCheck.restore(check.state());
    assertThat(restored.tolerance()).isEqualTo(check.tolerance());
    assertThat(restored.state()).usingRecursiveComparison().isEqualTo(check.state());
    // its histograms held as windows of their bins: the same steps judged, and learned alike
    for (boolean learn : new boolean[] {false, true}) {
      for (int i = 0; i < 600; i++) {
        double v = reading(NOMINAL + (i % 200 >= 100 && i % 200 < 140 ? 25 : 0));
        assertThat(restored.observe(v, true, learn)).as("reading %d", i).isEqualTo(check.observe(v, true, learn));
      }
    }
    assertThat(restored.state()).usingRecursiveComparison().isEqualTo(check.state());
  }

  @Test
  void aFanThatNeverChangedSpeedInTrainingIsNotJudged() {
    for (int day = 0; day < 14; day++) {
      for (int m = 0; m < 16 * 60; m++) {
        check.observe(reading(NOMINAL), m >= 10, true);
      }
    }
    assertThat(firstAlert(60, held(NOMINAL + 25, 30))).as("seed %d", SEED).isEqualTo(-1);
  }

  @Test
  void anUntrainedCheckNeverJudges() {
    FanStepCheck fresh = new FanStepCheck();
    boolean any = false;
    for (int i = 0; i < 200; i++) {
      any |= fresh.observe(i < 100 ? NOMINAL : NOMINAL + 50, true, false) != 0;
    }
    assertThat(any).isFalse();
  }
}
