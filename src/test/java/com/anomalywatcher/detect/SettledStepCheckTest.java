package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The settled-step check on an oven-like sensor: idle at 20 °C at night (noise 0.15), holding 200 °C
 * by day (noise 0.5) with door openings at random minutes (a 20-degree dip recovering over eight
 * readings). A held drop of a few degrees by day and a held spike at night alert at the fifth held
 * reading; door openings, a setpoint raised by staff (the oven approaches it over two readings), a
 * glitch, a step right after an alert and a check that has not learned yet do not.
 */
class SettledStepCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final Instant NEXT_DAY = T0.plus(Duration.ofDays(DAYS));

  private final SettledStepCheck check = new SettledStepCheck(new DayClock(ZoneOffset.UTC));
  private final Random r = new Random(7);
  private int doorLeft;

  private double oven(int minuteOfDay) {
    boolean day = minuteOfDay >= 6 * 60 && minuteOfDay < 22 * 60;
    if (!day) {
      return Math.round((20 + 0.15 * r.nextGaussian()) * 10) / 10.0;
    }
    if (doorLeft == 0 && r.nextDouble() < 0.01) {
      doorLeft = 8;
    }
    double dip = doorLeft == 0 ? 0 : 20 * Math.exp(-(8 - doorLeft) / 2.0);
    doorLeft = Math.max(0, doorLeft - 1);
    return Math.round((200 - dip + 0.5 * r.nextGaussian()) * 10) / 10.0;
  }

  private void train() {
    for (int i = 0; i < DAYS * 1440; i++) {
      check.observe(oven(i % 1440), true);
      check.learn(T0.plus(Duration.ofMinutes(i)));
    }
    doorLeft = 0;
  }

  /** Judges {@code then} after 30 settled readings from {@code from}; the index in {@code then} of the first step, or -1. */
  private int firstStep(Instant from, double level, double noise, int sinceAlert, double... then) {
    for (int i = 0; i < 30 + then.length; i++) {
      double v = i < 30 ? level + noise * r.nextGaussian() : then[i - 30];
      check.observe(v, false);
      if (check.judge(from.plus(Duration.ofMinutes(i)), v, sinceAlert) != null) {
        return i - 30;
      }
    }
    return -1;
  }

  private double[] held(double level, double noise, int readings) {
    double[] v = new double[readings];
    for (int i = 0; i < readings; i++) {
      v[i] = level + noise * r.nextGaussian();
    }
    return v;
  }

  @Test
  void aHeldDropByDayIsFoundAtTheFifthHeldReading() {
    train();
    // 6 degrees: inside the door openings' dips, many times the noise of the setpoint held
    assertThat(firstStep(NEXT_DAY.plusSeconds(14 * 3600), 200, 0.5, Integer.MAX_VALUE, held(194, 0.5, 15)))
        .isEqualTo(SettledStepCheck.HELD - 1);
  }

  @Test
  void aHeldSpikeAtNightIsFoundToo() {
    train();
    assertThat(firstStep(NEXT_DAY.plusSeconds(2 * 3600), 20, 0.15, Integer.MAX_VALUE, held(23, 0.15, 15)))
        .isEqualTo(SettledStepCheck.HELD - 1);
  }

  @Test
  void doorOpeningsAreNoSteps() {
    train();
    double[] day = new double[8 * 60];
    for (int i = 0; i < day.length; i++) {
      day[i] = 200 + 0.5 * r.nextGaussian();
    }
    for (int door = 0; door < day.length - 8; door += 30) {
      for (int k = 0; k < 8; k++) {
        day[door + k] = 200 - 20 * Math.exp(-k / 2.0) + 0.5 * r.nextGaussian();
      }
    }
    assertThat(firstStep(NEXT_DAY.plusSeconds(12 * 3600), 200, 0.5, Integer.MAX_VALUE, day)).isEqualTo(-1);
  }

  @Test
  void aSetpointRaisedByStaffIsNoStep() {
    train();
    // the controller takes the oven 9 degrees up over two readings, then holds the new setpoint
    double[] raised = new double[20];
    for (int i = 0; i < raised.length; i++) {
      raised[i] = 209 - 9 * Math.exp(-(i + 1) / 1.2) + 0.5 * r.nextGaussian();
    }
    assertThat(firstStep(NEXT_DAY.plusSeconds(14 * 3600), 200, 0.5, Integer.MAX_VALUE, raised)).isEqualTo(-1);
  }

  @Test
  void aSingleGlitchIsNoStep() {
    train();
    assertThat(firstStep(NEXT_DAY.plusSeconds(2 * 3600), 20, 0.15, Integer.MAX_VALUE, 35, 20.1, 19.9, 20.0, 20.1,
        19.9, 20.0, 20.2)).isEqualTo(-1);
  }

  @Test
  void aStepRightAfterAnAlertIsThatIncidentEnding() {
    train();
    assertThat(firstStep(NEXT_DAY.plusSeconds(2 * 3600), 20, 0.15, StepCheck.QUIET_AFTER_ALERT - 1,
        held(23, 0.15, 15))).isEqualTo(-1);
  }

  @Test
  void judgesNothingBeforeItHasLearned() {
    for (int i = 0; i < SettledStepCheck.MIN_LEARNED - 1; i++) {
      check.observe(20 + 0.15 * r.nextGaussian(), true);
      check.learn(T0.plus(Duration.ofMinutes(i)));
    }
    assertThat(firstStep(T0.plus(Duration.ofDays(1)), 20, 0.15, Integer.MAX_VALUE, held(30, 0.15, 10))).isEqualTo(-1);
  }

  @Test
  void aRestoredCheckJudgesAsTheTrainedOne() {
    train();
    SettledStepCheck restored = SettledStepCheck.restore(new DayClock(ZoneOffset.UTC), check.state(), new SharedArrays());
    double[] values = held(20, 0.15, 30);
    for (double v : values) {
      restored.observe(v, false);
    }
    for (double v : held(23, 0.15, SettledStepCheck.HELD)) {
      restored.observe(v, false);
    }
    assertThat(restored.judge(NEXT_DAY.plusSeconds(2 * 3600), 23, Integer.MAX_VALUE)).isNotNull();
  }
}
