package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A heater that creeps away from its level and comes back: the return alerts when the reading after
 * it stays back, and its verdict names the reading it came back from (the explanation says "back
 * from"), not a range. A single reading never alerts, also when it lands back at the level the
 * sensor left: one glitch reading at 32 °C before the heater goes on where it was raises nothing.
 */
class DriftReturnTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorDescription HEATER = SensorKind.HEATER_TEMPERATURE.description();
  private static final int DAY = 1440;
  private static final int CREEP_START = 3 * DAY + 60;
  private static final int CREEP_MINUTES = 25;

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  /** A heater at 32 °C whose reading jitters irregularly by up to ±0.2 °C (no randomness). */
  private static double heater(int i) {
    return 32 + (Math.floorMod(i * 7919, 101) - 50) / 250.0;
  }

  /** Trained on three quiet days, watched for an hour, then creeping down 1 °C a minute. */
  private static SensorDetector creptAway() {
    SensorDetector d = SensorDetector.fresh(HEATER, "heater-supermarket-000001");
    for (int i = 0; i < 3 * DAY; i++) {
      d.train(minute(i), heater(i), null);
    }
    for (int i = 3 * DAY; i < CREEP_START; i++) {
      d.observe(minute(i), heater(i), null);
    }
    for (int k = 0; k < CREEP_MINUTES; k++) {
      Detection creeping = d.observe(minute(CREEP_START + k), crept(k), null);
      assertThat(creeping.score()).as("creeping %d", k).isLessThan(0.7);
      assertThat(creeping.isReturn()).as("creeping %d", k).isFalse();
    }
    return d;
  }

  private static double crept(int k) {
    return heater(CREEP_START + k) - k;
  }

  @Test
  void aHeaterBackAtTheLevelItLeftIsAReturnFromItsLastReading() {
    SensorDetector d = creptAway();
    int at = CREEP_START + CREEP_MINUTES;

    Detection first = d.observe(minute(at), heater(at), null);
    Detection back = d.observe(minute(at + 1), heater(at + 1), null);

    assertThat(first.score()).as("the first reading back").isLessThan(0.7);
    assertThat(back.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(back.kind()).isEqualTo(AnomalyKind.DRIFT);
    assertThat(back.isReturn()).isTrue();
    assertThat(back.returnedFrom()).isEqualTo(crept(CREEP_MINUTES - 1));
  }

  @Test
  void oneReadingBackAtTheLevelItLeftRaisesNothing() {
    SensorDetector d = creptAway();
    int at = CREEP_START + CREEP_MINUTES;

    Detection glitch = d.observe(minute(at), heater(at), null);
    double highest = glitch.score();
    // then on where it was: the reading back was a glitch
    for (int k = 0; k < 10; k++) {
      int i = at + 1 + k;
      highest = Math.max(highest, d.observe(minute(i), heater(i) - (CREEP_MINUTES - 1), null).score());
    }

    assertThat(glitch.score()).as("the one reading back").isLessThan(0.7);
    assertThat(highest).as("the glitch and the readings after it").isLessThan(0.7);
  }

  @Test
  void aHeaterJumpingToANewLevelIsNoReturn() {
    SensorDetector d = creptAway();
    int at = CREEP_START + CREEP_MINUTES;

    // a jump as large as the return, from where it had got to, but up past its old level to one it never showed
    double level = crept(CREEP_MINUTES - 1) + 40;
    Detection jump = d.observe(minute(at), level, null);
    Detection held = d.observe(minute(at + 1), level, null);

    assertThat(held.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(jump.isReturn()).isFalse();
    assertThat(held.isReturn()).isFalse();
    assertThat(held.returnedFrom()).isNaN();
  }

  @Test
  void aDetectorRestoredMidCreepStillSeesTheReturn() {
    SensorDetector original = creptAway();
    SensorDetector restored = RunningState.decode(RunningState.encode(original), SensorDetector.class);
    int at = CREEP_START + CREEP_MINUTES;

    assertThat(restored.observe(minute(at), heater(at), null)).isEqualTo(original.observe(minute(at), heater(at), null));
    Detection back = restored.observe(minute(at + 1), heater(at + 1), null);

    assertThat(back).isEqualTo(original.observe(minute(at + 1), heater(at + 1), null));
    assertThat(back.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(back.returnedFrom()).isEqualTo(crept(CREEP_MINUTES - 1));
  }

  @Test
  void backAtTheLevelOfAnEarlierAnomalyIsNoRecovery() {
    SensorDetector d = SensorDetector.fresh(HEATER, "heater-supermarket-000001");
    for (int i = 0; i < 3 * DAY; i++) {
      d.train(minute(i), heater(i), null);
    }
    int i = 3 * DAY;
    for (; i < CREEP_START; i++) {
      d.observe(minute(i), heater(i), null);
    }
    // a spike held 8 minutes (it alerts), 10 minutes back at its level, then the spike's level again
    double peak = 0;
    for (int k = 0; k < 8; k++, i++) {
      peak = Math.max(peak, d.observe(minute(i), heater(i) + 12, null).score());
    }
    for (int k = 0; k < 10; k++, i++) {
      d.observe(minute(i), heater(i), null);
    }

    d.observe(minute(i), heater(i) + 12, null);
    i++;
    Detection again = d.observe(minute(i), heater(i) + 12, null);

    assertThat(peak).as("the first spike alerted").isGreaterThanOrEqualTo(0.7);
    assertThat(again.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(again.isReturn()).as("the level it is back at was an anomaly, not the sensor's own").isFalse();
  }

  @Test
  void aReturnOverTwoReadingsAlertsOnTheSecond() {
    // B2 seed 42 at 2026-11-25T19:05Z: an oven drifted down 74 °C and came back over three readings
    SensorDetector d = creptAway();
    int at = CREEP_START + CREEP_MINUTES;

    Detection halfWay = d.observe(minute(at), crept(CREEP_MINUTES / 2), null);
    Detection back = d.observe(minute(at + 1), heater(at + 1), null);

    assertThat(halfWay.score()).as("half-way back").isLessThan(0.7);
    assertThat(back.score()).as("fully back").isGreaterThanOrEqualTo(0.7);
  }
}
