package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The held-step check on an oven-like sensor: idle at 20 °C at night, 200 °C by day with door
 * openings at random minutes. A held step at night alerts within a few readings; a glitch, a door
 * opening and a move between two usual levels do not.
 */
class StepCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final double NOISE = 0.15;

  private final DayClock clock = new DayClock(ZoneOffset.UTC);
  private final LevelProfile levels = new LevelProfile(clock);
  private final StepCheck check = new StepCheck(new ToleranceProfile(clock), true, true);
  private final Random r = new Random(42);
  /** Minutes left of a door opening's dip (daytime), 0 when closed. */
  private int doorLeft;

  /** Night (22:00–06:00) idles at {@code idle}, day runs at 200 with door openings at random minutes. */
  private double oven(int minuteOfDay, double idle) {
    boolean day = minuteOfDay >= 6 * 60 && minuteOfDay < 22 * 60;
    if (!day) {
      return idle + NOISE * r.nextGaussian();
    }
    if (doorLeft == 0 && r.nextDouble() < 0.01) {
      doorLeft = 8;
    }
    double dip = doorLeft == 0 ? 0 : 20 * Math.exp(-(8 - doorLeft) / 2.0);
    doorLeft = Math.max(0, doorLeft - 1);
    return 200 - dip + 0.3 * r.nextGaussian();
  }

  private void train(boolean twoSetbacks) {
    for (int i = 0; i < DAYS * 1440; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i));
      double idle = twoSetbacks && (i / 1440) % 2 == 1 ? 22.2 : 20;
      double v = oven(i % 1440, idle);
      check.observe(v);
      check.learn(at);
      levels.learn(at, v);
    }
  }

  /** Judges {@code values} one a minute from {@code from}; returns the index of the first step found, or -1. */
  private int firstStep(Instant from, double[] values) {
    for (int i = 0; i < values.length; i++) {
      Instant at = from.plus(Duration.ofMinutes(i));
      check.observe(values[i]);
      if (check.judge(at, values[i], 2 * NOISE, levels, Integer.MAX_VALUE) != null) {
        return i;
      }
    }
    return -1;
  }

  /** Night readings from 02:00 on the day after training: 30 idle ones, then {@code then}. */
  private double[] night(double... then) {
    double[] v = new double[30 + then.length];
    for (int i = 0; i < 30; i++) {
      v[i] = 20 + NOISE * r.nextGaussian();
    }
    System.arraycopy(then, 0, v, 30, then.length);
    return v;
  }

  private static double[] held(double level, int readings, Random r) {
    double[] v = new double[readings];
    for (int i = 0; i < readings; i++) {
      v[i] = level + NOISE * r.nextGaussian();
    }
    return v;
  }

  private static final Instant NIGHT = T0.plus(Duration.ofDays(DAYS)).plus(Duration.ofHours(2));

  @Test
  void aHeldStepAtNightIsFoundWithinFourReadings() {
    train(false);
    int found = firstStep(NIGHT, night(held(22.2, 20, r)));
    assertThat(found).isBetween(30 + 2, 30 + 4);
  }

  @Test
  void aHeldDropIsFoundToo() {
    train(false);
    assertThat(firstStep(NIGHT, night(held(17.8, 20, r)))).isBetween(30 + 2, 30 + 4);
  }

  @Test
  void aSingleGlitchIsNoStep() {
    train(false);
    assertThat(firstStep(NIGHT, night(35, 20.1, 19.9, 20.0, 20.1, 19.9, 20.0, 20.2))).isEqualTo(-1);
  }

  @Test
  void doorOpeningsByDayAreNoSteps() {
    train(false);
    // the next day as it comes (its door openings at random minutes), plus one every half hour from noon
    double[] day = new double[22 * 60];
    for (int i = 0; i < day.length; i++) {
      day[i] = oven(i, 20);
    }
    for (int door = 12 * 60; door < 20 * 60; door += 30) {
      for (int k = 0; k < 8; k++) {
        day[door + k] = 200 - 20 * Math.exp(-k / 2.0) + 0.3 * r.nextGaussian();
      }
    }
    assertThat(firstStep(T0.plus(Duration.ofDays(DAYS)), day)).isEqualTo(-1);
  }

  @Test
  void aMoveBetweenTwoUsualLevelsIsNoStep() {
    train(true); // staff set the night setback to 20 on some days and to 22.2 on others
    assertThat(firstStep(NIGHT, night(held(22.1, 20, r)))).isEqualTo(-1);
  }

  @Test
  void anOvenHeatingTowardsANewSetpointIsNoStep() {
    train(false);
    double[] ramp = new double[40]; // staff raise the night setback: the oven heats up, slowing down
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 20 + 8 * (1 - Math.exp(-i / 12.0)) + 0.05 * r.nextGaussian();
    }
    assertThat(firstStep(NIGHT, night(ramp))).isEqualTo(-1);
  }

  @Test
  void aStepRightAfterAnAlertIsThatIncidentEnding() {
    train(false);
    double[] values = night(held(22.2, 20, r));
    int found = -1;
    for (int i = 0; i < values.length && found < 0; i++) {
      Instant at = NIGHT.plus(Duration.ofMinutes(i));
      check.observe(values[i]);
      if (check.judge(at, values[i], 2 * NOISE, levels, StepCheck.QUIET_AFTER_ALERT - 1) != null) {
        found = i;
      }
    }
    assertThat(found).isEqualTo(-1);
  }

  @Test
  void aFanSpeedSensorHasNone() {
    StepCheck fan = new StepCheck(new ToleranceProfile(clock), false);
    for (int i = 0; i < 2 * StepCheck.MIN_LEARNED; i++) {
      fan.observe(i < StepCheck.MIN_LEARNED + 100 ? 600 + r.nextGaussian() : 450 + r.nextGaussian());
      fan.learn(T0.plus(Duration.ofMinutes(i)));
    }
    assertThat(fan.judge(T0.plus(Duration.ofDays(1)), 450, 1, levels, Integer.MAX_VALUE)).isNull();
  }

  @Test
  void judgesNothingBeforeItHasLearned() {
    for (int i = 0; i < StepCheck.MIN_LEARNED - 1; i++) {
      check.observe(20 + NOISE * r.nextGaussian());
      check.learn(T0.plus(Duration.ofMinutes(i)));
    }
    assertThat(firstStep(T0.plus(Duration.ofDays(1)), night(held(30, 10, r)))).isEqualTo(-1);
  }
}
