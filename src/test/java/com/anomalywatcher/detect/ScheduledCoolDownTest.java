package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An oven's evening cool-down at its usual time, falling 3.5–4 °C a minute, more than the residual
 * tolerance ({@link ScheduleRamp}'s steady step), on the stored readings of acceptance B2's commands
 * (clean world, seed 2024, clock 2026-11-29T22:30Z: {@code oven-restaurant-2ee20a}, 1-minute
 * readings from 2026-11-21T22:30Z, trained for 7 days, then scored as the monitor does). In the
 * history its cool-down starts between 22:15 and 22:46; on the test day at 22:18, and it used to
 * alert as a drift at 22:19 (expected 190–203 °C). The same day holds a true drift at 10:10 (a fall
 * of 5.5 °C a minute half an hour after the warm-up, when the history's levels only rise), which
 * must still alert.
 */
class ScheduledCoolDownTest {
  private static final Instant START = Instant.parse("2026-11-21T22:30:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 22:18 on 2026-11-29, where the cool-down starts. */
  private static final int COOL = TRAINED + 23 * 60 + 48;
  /** Minutes from START to 10:10 on 2026-11-29, where the labelled drift starts (24 minutes). */
  private static final int DRIFT = TRAINED + 11 * 60 + 40;

  /** The highest score of the test day's readings from minute {@code from} (inclusive) to {@code to} (exclusive). */
  private static double highestScore(int from, int to) throws IOException {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), "oven-restaurant-2ee20a");
    return StoredSeries.highestScore(d, "oven-restaurant-2ee20a", "b2/oven-restaurant-cooldown.csv", START, TRAINED,
        from, 0, to - from, (fromStart, v) -> v);
  }

  @Test
  void aSteepCoolDownAtTheUsualClosingTimeDoesNotAlert() throws IOException {
    assertThat(highestScore(COOL - 12, TRAINED + 1440)).isLessThan(0.7);
  }

  @Test
  void aSteadyFallWhenTheHistoryOnlyRisesStillAlerts() throws IOException {
    assertThat(highestScore(DRIFT, DRIFT + 26)).isGreaterThanOrEqualTo(0.7);
  }
}
