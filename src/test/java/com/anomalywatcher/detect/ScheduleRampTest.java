package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A heater's evening cool-down that starts earlier than its week of history knows at that time
 * ({@link ScheduleRamp}), on the stored readings of acceptance B2 (clean world, seed 1234, clock
 * 2026-11-27T02:02Z: {@code heater-restaurant-4f5993}, 1-minute readings from 2026-11-19T02:02Z,
 * trained up to 2026-11-26T02:02Z, then scored as the monitor does). Its cool-down starts at 22:42
 * and used to alert as a drift at 22:45 (expected 64.2–68 °C); no reading of it alerts now. A drop
 * of 6 °C from the same level at the same time that holds its level still alerts.
 */
class ScheduleRampTest {
  private static final Instant START = Instant.parse("2026-11-19T02:02:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 22:42 on 2026-11-26, where the cool-down starts. */
  private static final int COOL = TRAINED + 20 * 60 + 40;

  /**
   * The highest score from 22:30 to 23:59 of the test day, the readings from {@link #COOL} on replaced by
   * {@code dropTo} (with a 0.1 °C wobble) when finite.
   */
  private static double highestScore(double dropTo) throws IOException {
    SensorDetector d = SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), "heater-restaurant-4f5993");
    return StoredSeries.highestScore(d, "heater-restaurant-4f5993", "b2/heater-restaurant-cooldown.csv", START, TRAINED,
        COOL, 12, 77, (fromCool, v) -> Double.isFinite(dropTo) && fromCool >= 0 ? dropTo + 0.1 * ((int) fromCool % 3 - 1) : v);
  }

  @Test
  void aCoolDownStartingEarlierThanTheHistoryKnowsDoesNotAlert() throws IOException {
    assertThat(highestScore(Double.NaN)).isLessThan(0.7);
  }

  @Test
  void aDropThatHoldsItsLevelAtThatTimeStillAlerts() throws IOException {
    assertThat(highestScore(65.7 - 6)).isGreaterThanOrEqualTo(0.7);
  }
}
