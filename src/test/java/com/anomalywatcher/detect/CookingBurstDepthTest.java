package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate cooking burst that jumps to its top in one or two readings, as deep as the bursts
 * the sensor makes on most days of its history, opens nothing ({@link BurstLookAlike},
 * {@link BurstHistory#usual}). On the stored readings of D1 seed 4711's {@code pm-restaurant-129ff4}
 * (realistic world, Asia/Tokyo; 1-minute readings from 2026-10-14T00:00Z, trained for 14 days as D1
 * trains, then scored as the monitor does), a burst jumps at 10:15 UTC on 2026-10-28 from a
 * background of 38.5 to 100.6 µg/m³ in two readings, holds 100–117 for nine readings and decays:
 * {@link PlateauCheck} took its top for a held plateau and it alerted as a pollution spike (1.00 at
 * 10:25, a false alert of D1's test week); the history has bursts 40–80 µg/m³ deep on every day.
 * A pollution spike (a step of 8 µg/m³ held ten readings), the same burst three times as deep and a
 * dust storm's front (ten readings up to 30 µg/m³ above the background, held) still alert.
 */
class CookingBurstDepthTest {
  private static final Instant START = Instant.parse("2026-10-14T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 10:15 on 2026-10-28, the burst's first rising reading. */
  private static final int BURST = TRAINED + 10 * 60 + 15;
  /** The background before the burst (the median of the 20 readings before it). */
  private static final double BACKGROUND = 38.7;
  private static final SensorDescription PM = StoredSeries.particulateIn("Asia/Tokyo");

  /**
   * The highest score from 10 minutes before BURST to 20 minutes after it, each reading there
   * replaced by {@code change.applyAsDouble(minutes from BURST, stored value)}.
   */
  private static double highestScore(int after, DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(PM, "pm-restaurant-129ff4"), "pm-restaurant-129ff4",
        "d1/pm-restaurant-cooking-burst.csv", START, TRAINED, BURST, 10, after, change);
  }

  @Test
  void aBurstAsDeepAsTheHistorysDailyBurstsDoesNotAlert() throws IOException {
    assertThat(highestScore(20, (m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void aPollutionSpikeFarShallowerThanTheBurstsStillAlerts() throws IOException {
    // a step of 8 µg/m³ in one reading, held for ten readings with the background's noise
    assertThat(highestScore(20, (m, v) -> m >= 0 && m < 10 ? BACKGROUND + 8 + 0.4 * (m % 3 - 1) : m >= 10 && m < 20
        ? BACKGROUND + 0.3 * (m % 2) : v)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void theSameBurstThreeTimesAsDeepStillAlerts() throws IOException {
    assertThat(highestScore(20, (m, v) -> m >= 0 && m < 20 ? BACKGROUND + 3 * (v - BACKGROUND) : v))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aDustStormsFrontStillAlerts() throws IOException {
    // up 3 µg/m³ a reading for ten readings, then held 30 above the background with ±2 of noise
    assertThat(highestScore(40, (m, v) -> m < 0 ? v : m < 10 ? BACKGROUND + 3 * (m + 1)
        : BACKGROUND + 30 + 2 * Math.sin(m))).isGreaterThanOrEqualTo(0.7);
  }
}
