package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A fan speed sensor (switched on at a different time each day) judged against its site's switch through the {@link FleetDetector}: a switch
 * state too old to trust is not used, a spin-up seen before the switch's reading is no spike, and a
 * fan back at its nominal speed after a second speed is normal; the look-alikes (a stall while the
 * switch is known on, a real step above nominal) still alert.
 */
class FanSwitchTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final String SWITCH = "fanswitch-restaurant-000001";
  private static final String FAN = "fan-restaurant-000002";
  private static final double NOMINAL = 700;

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  /** Rotor speed {@code m} minutes after switching on (spin-up), or after switching off (coasting). */
  private static double spinUp(int m) {
    return Math.round(NOMINAL * (1 - Math.exp(-(m + 1) / 1.8)));
  }

  private static double coast(int m) {
    return Math.round(NOMINAL * Math.exp(-(m + 1) / 1.8));
  }

  /** Opening time of day {@code day}: 08:00 on the first, 40 minutes later each next day. */
  private static int opening(int day) {
    return 8 * 60 + 40 * day;
  }

  /** Fan on from opening to 20:00 (the switch reads it), noise of a few rpm. */
  private static boolean switchedOn(int i) {
    int m = Math.floorMod(i, 1440);
    return m >= opening(i / 1440) && m < 20 * 60;
  }

  private static double rpm(int i) {
    int m = Math.floorMod(i, 1440);
    double noise = (i * 7919 % 11) - 5;
    int sinceOn = m - opening(i / 1440);
    if (switchedOn(i)) {
      return sinceOn < 10 ? spinUp(sinceOn) : NOMINAL + noise;
    }
    int sinceOff = m >= 20 * 60 ? m - 20 * 60 : m + 4 * 60;
    return sinceOff < 15 ? coast(sinceOff) : 0;
  }

  /** A fleet of one site trained on {@code days} days of the fan and its switch (a minute apart each). */
  private static FleetDetector trained(int days) {
    FleetDetector fleet = new FleetDetector();
    fleet.add(SWITCH, "0", SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), SWITCH));
    fleet.add(FAN, "0", SensorDetector.fresh(SensorKind.FAN_SPEED.description(), FAN));
    for (int i = 0; i < days * 1440; i++) {
      fleet.train(SWITCH, minute(i), switchedOn(i) ? 1 : 0);
      fleet.train(FAN, minute(i), rpm(i));
    }
    return fleet;
  }

  /** Highest fan score over {@code [from, to)}, the switch's readings in {@code [lostFrom, lostTo)} lost. */
  private static double maxFanScore(FleetDetector fleet, int from, int to, int lostFrom, int lostTo) {
    double max = 0;
    for (int i = from; i < to; i++) {
      if (i < lostFrom || i >= lostTo) {
        fleet.observe(SWITCH, minute(i), switchedOn(i) ? 1 : 0);
      }
      max = Math.max(max, fleet.observe(FAN, minute(i), rpm(i)).score());
    }
    return max;
  }

  @Test
  void aSpinUpWhileTheSwitchReadingIsLostIsNoSpike() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 7 * 60, 0, 0);

    // opening at 10:00, an hour after any training day; the switch's readings from 09:58 to 10:02
    // are lost: the rotor spins up before the switch is seen on
    int open = day + opening(3);
    double max = maxFanScore(fleet, day + 7 * 60, day + 12 * 60, open - 2, open + 2);

    assertThat(max).isLessThan(0.7);
  }

  @Test
  void aSwitchOfflineForHoursIsNotUsedToJudgeTheFan() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 6 * 60, 0, 0);

    // the switch goes silent at 06:00 and stays silent: the fan spins up at 10:00 unjudged by it
    double max = maxFanScore(fleet, day + 6 * 60, day + 12 * 60, day + 6 * 60, day + 12 * 60);

    assertThat(max).isLessThan(0.7);
  }

  @Test
  void aStallWhileTheSwitchIsKnownOnStillAlerts() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 12 * 60, 0, 0);

    fleet.observe(SWITCH, minute(day + 12 * 60), 1);
    Detection stall = fleet.observe(FAN, minute(day + 12 * 60), 3);

    assertThat(stall.score()).isEqualTo(1.0);
    assertThat(stall.kind()).isEqualTo(AnomalyKind.STALL);
  }

  @Test
  void backToNominalAfterASecondSpeedIsNormalWhileAStepAboveNominalIsNot() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 12 * 60, 0, 0);
    double max = 0;
    for (int i = day + 12 * 60; i < day + 13 * 60; i++) { // second speed: 430 rpm for an hour
      fleet.observe(SWITCH, minute(i), 1);
      fleet.observe(FAN, minute(i), i < day + 12 * 60 + 4 ? NOMINAL - 90 * (i - day - 12 * 60 + 1) : 430);
    }
    double[] back = {560, 640, 680, 695, 700, 702, 699, 701};
    for (int k = 0; k < back.length; k++) {
      int i = day + 13 * 60 + k;
      fleet.observe(SWITCH, minute(i), 1);
      max = Math.max(max, fleet.observe(FAN, minute(i), back[k]).score());
    }
    for (int i = day + 13 * 60 + back.length; i < day + 14 * 60; i++) {
      fleet.observe(SWITCH, minute(i), 1);
      max = Math.max(max, fleet.observe(FAN, minute(i), rpm(i)).score());
    }
    assertThat(max).as("back to nominal").isLessThan(0.7);

    double step = 0;
    for (int k = 0; k < 3; k++) {
      int i = day + 14 * 60 + k;
      fleet.observe(SWITCH, minute(i), 1);
      step = fleet.observe(FAN, minute(i), NOMINAL + 250).score();
    }
    assertThat(step).as("a held step above nominal").isGreaterThanOrEqualTo(0.7);
  }

  /** Feeds the fan and its switch (off) from {@code from}; returns the fan's detections. */
  private static Detection[] atRest(FleetDetector fleet, int from, double... rpm) {
    Detection[] out = new Detection[rpm.length];
    for (int k = 0; k < rpm.length; k++) {
      fleet.observe(SWITCH, minute(from + k), 0);
      out[k] = fleet.observe(FAN, minute(from + k), rpm[k]);
    }
    return out;
  }

  @Test
  void aFanAtRestThatTurnsAgainWhileSwitchedOffAlertsOnItsSecondReadingButAGlitchDoesNot() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 2 * 60, 0, 0); // the night: switched off, at rest

    Detection[] glitch = atRest(fleet, day + 2 * 60, 0, 0, 37, 0, 0, 0);
    Detection[] creeping = atRest(fleet, day + 2 * 60 + 6, 0, 8, 9, 7, 10, 8);

    assertThat(java.util.Arrays.stream(glitch).mapToDouble(Detection::score).max().orElseThrow()).isLessThan(0.7);
    assertThat(creeping[1].score()).as("first reading above rest").isLessThan(0.7);
    assertThat(creeping[2].score()).isEqualTo(1.0);
    // above where a switched-off fan rests, however slowly: a spike (it was a 'stall', below its numbers)
    assertThat(creeping[2].kind()).isEqualTo(AnomalyKind.SPIKE);
  }

  @Test
  void aFanWhoseTachometerJittersAtRestNeverLearnsTheRestRule() {
    FleetDetector fleet = new FleetDetector();
    fleet.add(SWITCH, "0", SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), SWITCH));
    fleet.add(FAN, "0", SensorDetector.fresh(SensorKind.FAN_SPEED.description(), FAN));
    for (int i = 0; i < 3 * 1440; i++) {
      fleet.train(SWITCH, minute(i), switchedOn(i) ? 1 : 0);
      double r = rpm(i);
      fleet.train(FAN, minute(i), r == 0 && i % 3 == 0 ? 4 : r); // reads 4 rpm now and then at rest
    }
    int day = 3 * 1440;
    maxFanScore(fleet, day, day + 2 * 60, 0, 0);

    Detection[] jitter = atRest(fleet, day + 2 * 60, 0, 4, 4, 0, 4, 4, 0);

    assertThat(java.util.Arrays.stream(jitter).mapToDouble(Detection::score).max().orElseThrow()).isLessThan(0.7);
  }
}
