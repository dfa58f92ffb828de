package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * After a gap the one-step check restarts and forgets its recent readings, but the ring that held
 * them keeps their values in the slots not yet written again. A return ({@code returnDepth}) may
 * look only at the readings since the restart: a heater steady at 32 °C for an hour, silent for two
 * hours, back at 32 °C for one reading, then creeping down 0.5 °C a minute and jumping to 32.6 °C
 * is no "back from": of the level it held only one reading is remembered, and the slot one past
 * the remembered ones still holds a reading from before the gap at that level (reading that slot
 * makes this a return from 27.5 °C: checked by widening the loop by one). One more reading at 32 °C
 * after the gap makes it a return (two remembered readings at the level); a detector saved and restored a few readings after
 * the restart judges like the one that ran on.
 */
class RestartReturnTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorDescription HEATER = SensorKind.HEATER_TEMPERATURE.description();
  private static final int DAY = 1440;
  private static final int WATCHED = 3 * DAY + 60;
  /** From 32 °C (the level) half a degree a minute down, each step below the alert level. */
  private static final double[] CREEP = {32, 31.5, 31.0, 30.5, 30.0, 29.5, 29.0, 28.5, 28.0, 27.5};
  /** Within two tolerances (about 1 °C) of 32 °C, more than two of 31.5 °C. */
  private static final double BACK = 32.6;

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  /** A heater at 32 °C whose reading jitters irregularly by up to ±0.2 °C (no randomness). */
  private static double heater(int i) {
    return 32 + (Math.floorMod(i * 7919, 101) - 50) / 250.0;
  }

  /** Trained on three quiet days, then watched for an hour at its level. */
  private static SensorDetector watched() {
    SensorDetector d = SensorDetector.fresh(HEATER, "heater-supermarket-000001");
    for (int i = 0; i < 3 * DAY; i++) {
      d.train(minute(i), heater(i), null);
    }
    for (int i = 3 * DAY; i < WATCHED; i++) {
      d.observe(minute(i), heater(i), null);
    }
    return d;
  }

  /** The creep from minute {@code i} on; the minute after it. */
  private static int creep(SensorDetector d, int i) {
    for (double v : CREEP) {
      assertThat(d.observe(minute(i), v, null).score()).as("creeping at %s °C", v).isLessThan(0.7);
      i++;
    }
    return i;
  }

  @Test
  void aReturnAfterAGapLooksOnlyAtTheReadingsSinceIt() {
    SensorDetector d = watched();
    int restart = WATCHED + 120;
    d.observe(minute(restart), 32.05, null);
    int at = creep(d, restart + 1);

    Detection first = d.observe(minute(at), BACK, null);
    Detection second = d.observe(minute(at + 1), BACK, null);

    assertThat(first.isReturn()).as("the level before the gap is forgotten").isFalse();
    assertThat(second.isReturn()).isFalse();
    assertThat(second.score()).as("a step the creep did not foresee").isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void twoReadingsAtTheLevelSinceTheGapMakeItAReturn() {
    SensorDetector d = watched();
    int restart = WATCHED + 120;
    d.observe(minute(restart), 32.05, null);
    d.observe(minute(restart + 1), 31.95, null);
    int at = creep(d, restart + 2);

    d.observe(minute(at), BACK, null);
    Detection second = d.observe(minute(at + 1), BACK, null);

    assertThat(second.isReturn()).isTrue();
    assertThat(second.returnedFrom()).isEqualTo(CREEP[CREEP.length - 1]);
    assertThat(second.score()).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aDetectorRestoredAFewReadingsAfterAGapJudgesLikeTheOneThatRanOn() {
    SensorDetector ran = watched();
    int restart = WATCHED + 120;
    ran.observe(minute(restart), 32.05, null);
    ran.observe(minute(restart + 1), CREEP[0], null);
    ran.observe(minute(restart + 2), CREEP[1], null);
    SensorDetector restored = RunningState.decode(RunningState.encode(ran), SensorDetector.class);

    for (int k = 2; k < CREEP.length; k++) {
      Instant t = minute(restart + 1 + k);
      assertThat(restored.observe(t, CREEP[k], null)).isEqualTo(ran.observe(t, CREEP[k], null));
    }
    int at = restart + 1 + CREEP.length;
    for (int k = 0; k < 2; k++) {
      Detection back = restored.observe(minute(at + k), BACK, null);
      assertThat(back).isEqualTo(ran.observe(minute(at + k), BACK, null));
      assertThat(back.isReturn()).isFalse();
    }
  }
}
