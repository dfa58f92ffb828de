package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The readings that carry on the way back after an incident ended by jumping part of the way are
 * no new onset ({@link AnalogCheck}). On the stored readings of acceptance B2's commands (clean
 * world, seed 42707, clock 2026-11-10T02:38Z: {@code pm-supermarket-91c7a7}, trained for 7 days,
 * then scored as the monitor does), a sensor drift climbs from 10.6 to 221 µg/m³ (09:23–09:36 on
 * 2026-11-09) and falls back 84.7 → 35.8 → 18.7 → 13.0 → 11.6: the first fall ended the hold, the
 * second opened a new one at 84.7 ("expected 78.7–84.7", a calibration error) that scored 1 until
 * 10:38, an hour after the drift. Falling on past the baseline and holding there still alerts.
 */
class WayBackTest {
  private static final Instant START = Instant.parse("2026-11-02T02:38:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 09:49 on 2026-11-09, ten readings after the drift's fall began. */
  private static final int AFTER_FALL = TRAINED + 7 * 60 + 11;

  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(),
        "pm-supermarket-91c7a7"), "pm-supermarket-91c7a7", "b2/pm-supermarket-burst-hold.csv", START, TRAINED,
        AFTER_FALL, 10, 40, change);
  }

  @Test
  void theFallBackAfterTheDriftIsNoNewIncident() throws IOException {
    assertThat(highestScore((m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void fallingPastTheBaselineAndHoldingThereStillAlerts() throws IOException {
    // from 09:39 on, 4.6 µg/m³ (six below the level before the drift) with a little noise
    assertThat(highestScore((m, v) -> m >= -10 && m < 10 ? 4.6 + 0.2 * (m % 3 - 1) : v))
        .isGreaterThanOrEqualTo(0.7);
  }
}
