package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The held-shift check on an oven-like sensor with 1-minute readings: idle at about 20 °C at night
 * (noise 0.15, rounded to 0.1, wandering slowly), heating up at 06:00, holding 200 °C by day (noise
 * 0.5) with door openings at random minutes (a 20-degree dip recovering over eight readings),
 * cooling down from 22:00. A sudden step of 1.5
 * degrees at rest (ten noise widths), held, is found at its eighth held reading; the same rise made
 * gradually, a single glitch, door openings, the snap back at the end of a slow creep, a step
 * across lost readings (more than one: across one it is still a step), a cool-down going on in one step after a pause, a step right after an alert and a check that has not learned yet
 * find nothing.
 */
class HeldShiftCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final Instant NEXT_NIGHT = T0.plus(Duration.ofDays(DAYS)).plusSeconds(2 * 3600);
  private static final double INTERVAL = 60;

  private final HeldShiftCheck check = new HeldShiftCheck();
  private final Random r = new Random(11);
  private int doorLeft;
  private double wander;

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private double oven(int minuteOfDay) {
    boolean day = minuteOfDay >= 6 * 60 && minuteOfDay < 22 * 60;
    if (!day) {
      // cooling down from the setpoint after 22:00, then at rest
      wander = 0.98 * wander + 0.03 * r.nextGaussian();
      double since = Math.floorMod(minuteOfDay - 22 * 60, 1440);
      return round(20 + 180 * Math.exp(-since / 60) + wander + 0.15 * r.nextGaussian());
    }
    double warm = 180 * Math.exp(-(minuteOfDay - 6 * 60) / 8.0); // heating up from 06:00
    if (doorLeft == 0 && r.nextDouble() < 0.01) {
      doorLeft = 8;
    }
    double dip = doorLeft == 0 ? 0 : 20 * Math.exp(-(8 - doorLeft) / 2.0);
    doorLeft = Math.max(0, doorLeft - 1);
    return round(200 - warm - dip + 0.5 * r.nextGaussian());
  }

  private void train() {
    for (int i = 0; i < DAYS * 1440; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i));
      check.observe(at, oven(i % 1440), INTERVAL, true);
      check.learn(at);
    }
    doorLeft = 0;
  }

  /** Feeds {@code then} after 40 settled readings; the index in {@code then} of the first shift found, or -1. */
  private int firstShift(HeldShiftCheck c, double level, double noise, int sinceAlert, double... then) {
    Instant from = NEXT_NIGHT;
    for (int i = 0; i < 40 + then.length; i++) {
      double v = i < 40 ? round(level + noise * r.nextGaussian()) : then[i - 40];
      c.observe(from.plus(Duration.ofMinutes(i)), v, INTERVAL, false);
      if (c.judge(sinceAlert) != null) {
        return i - 40;
      }
    }
    return -1;
  }

  private int firstShift(double level, double noise, double... then) {
    return firstShift(check, level, noise, Integer.MAX_VALUE, then);
  }

  private double[] held(double level, double noise, int readings) {
    double[] v = new double[readings];
    for (int i = 0; i < readings; i++) {
      v[i] = round(level + noise * r.nextGaussian());
    }
    return v;
  }

  @Test
  void aSmallHeldSpikeAtRestIsFoundAtItsEighthReading() {
    train();
    assertThat(firstShift(20, 0.15, held(21.5, 0.15, 20))).isEqualTo(HeldShiftCheck.SCALES[0] - 1);
  }

  @Test
  void aSmallHeldDropAtRestIsFoundToo() {
    train();
    assertThat(firstShift(20, 0.15, held(18.5, 0.15, 20))).isEqualTo(HeldShiftCheck.SCALES[0] - 1);
  }

  @Test
  void theSameRiseMadeGraduallyIsNoShift() {
    train();
    double[] rise = new double[40];
    for (int i = 0; i < rise.length; i++) {
      rise[i] = round(20 + 1.5 * Math.min(1, (i + 1) / 12.0) + 0.15 * r.nextGaussian());
    }
    assertThat(firstShift(20, 0.15, rise)).isEqualTo(-1);
  }

  @Test
  void aSingleGlitchIsNoShift() {
    train();
    double[] then = held(20, 0.15, 30);
    then[3] = 26;
    assertThat(firstShift(20, 0.15, then)).isEqualTo(-1);
  }

  @Test
  void doorOpeningsAtTheSetpointAreNoShifts() {
    train();
    double[] day = held(200, 0.5, 8 * 60);
    for (int door = 0; door < day.length - 8; door += 30) {
      for (int k = 0; k < 8; k++) {
        day[door + k] = round(200 - 20 * Math.exp(-k / 2.0) + 0.5 * r.nextGaussian());
      }
    }
    assertThat(firstShift(200, 0.5, day)).isEqualTo(-1);
  }

  @Test
  void theSnapBackAtTheEndOfASlowCreepIsNoShift() {
    train();
    // held at 20 for an hour, crept down by 2 degrees over an hour and a half, then back in one reading
    double[] creep = new double[60 + 90 + 30];
    for (int i = 0; i < creep.length; i++) {
      double offset = i < 60 ? 0 : i < 150 ? -2.0 * (i - 60) / 90 : 0;
      creep[i] = round(20 + offset + 0.15 * r.nextGaussian());
    }
    assertThat(firstShift(20, 0.15, creep)).isEqualTo(-1);
  }

  @Test
  void aStepAcrossLostReadingsIsNoShift() {
    train();
    // seven readings lost, the next 1.5 degrees lower: the sensor may have moved there gradually meanwhile
    Instant from = NEXT_NIGHT;
    boolean found = false;
    for (int i = 0; i < 80; i++) {
      if (i >= 40 && i < 47) {
        continue;
      }
      double v = round((i < 40 ? 20 : 18.5) + 0.15 * r.nextGaussian());
      check.observe(from.plus(Duration.ofMinutes(i)), v, INTERVAL, false);
      found |= check.judge(Integer.MAX_VALUE) != null;
    }
    assertThat(found).isFalse();
  }

  @Test
  void aStepAcrossOneLostReadingIsStillAShift() {
    train();
    // the reading at the step's onset lost, the next 1.5 degrees lower and held: a step made within two minutes
    Instant from = NEXT_NIGHT;
    int found = -1;
    for (int i = 0; i < 80 && found < 0; i++) {
      if (i == 40) {
        continue;
      }
      double v = round((i < 40 ? 20 : 18.5) + 0.15 * r.nextGaussian());
      check.observe(from.plus(Duration.ofMinutes(i)), v, INTERVAL, false);
      found = check.judge(Integer.MAX_VALUE) != null ? i : -1;
    }
    assertThat(found).as("found at its eighth held reading").isEqualTo(41 + 7);
  }

  @Test
  void aCoolDownGoingOnInOneStepAfterAPauseIsNoShift() {
    train();
    // cooling by half a degree a minute, holding for twelve readings, then 1.1 degrees lower in one step
    double[] cooling = new double[40 + 12 + 20];
    for (int i = 0; i < cooling.length; i++) {
      double level = i < 40 ? 60 - 0.5 * i : i < 52 ? 40 : 38.9;
      cooling[i] = round(level + 0.05 * r.nextGaussian());
    }
    assertThat(firstShift(60, 0.05, cooling)).isEqualTo(-1);
  }

  @Test
  void aShiftRightAfterAnAlertIsThatIncidentEnding() {
    train();
    assertThat(firstShift(check, 20, 0.15, StepCheck.QUIET_AFTER_ALERT - 1, held(21.5, 0.15, 20))).isEqualTo(-1);
  }

  @Test
  void judgesNothingBeforeItHasLearned() {
    for (int i = 0; i < HeldShiftCheck.MIN_LEARNED - 1; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i));
      check.observe(at, round(20 + 0.15 * r.nextGaussian()), INTERVAL, true);
      check.learn(at);
    }
    assertThat(firstShift(20, 0.15, held(22, 0.15, 20))).isEqualTo(-1);
  }

  @Test
  void aRestoredCheckJudgesAsTheTrainedOne() {
    train();
    HeldShiftCheck restored = HeldShiftCheck.restore(check.state());
    assertThat(firstShift(restored, 20, 0.15, Integer.MAX_VALUE, held(21.5, 0.15, 20)))
        .isEqualTo(HeldShiftCheck.SCALES[0] - 1);
  }
}
