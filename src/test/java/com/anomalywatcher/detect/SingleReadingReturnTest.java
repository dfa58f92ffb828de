package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A single reading never alerts, also when it lands back at a level the sensor left a few readings
 * ago: a heater that moved away from 32 °C and shows one glitch reading at 32 °C before going on
 * where it was raises nothing, while the same return held for a second reading (the end of a
 * drift) alerts on that second reading.
 */
class SingleReadingReturnTest {
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

  private static double crept(int k) {
    return heater(CREEP_START + k) - k;
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
      assertThat(d.observe(minute(CREEP_START + k), crept(k), null).score()).as("creeping %d", k).isLessThan(0.7);
    }
    return d;
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
  void aReturnHeldForASecondReadingAlertsThenAndSaysWhereItCameBackFrom() {
    SensorDetector d = creptAway();
    int at = CREEP_START + CREEP_MINUTES;

    Detection first = d.observe(minute(at), heater(at), null);
    Detection second = d.observe(minute(at + 1), heater(at + 1), null);

    assertThat(first.score()).isLessThan(0.7);
    assertThat(second.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(second.returnedFrom()).isEqualTo(crept(CREEP_MINUTES - 1));
  }
}
