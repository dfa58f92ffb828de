package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate sensor's background rising slowly to a level it then holds, a little higher than the
 * one rise its history held ({@link RisenPlateauCheck}). On the stored readings of acceptance B2's
 * commands (clean world, seed 7699, clock 2026-11-05T07:00Z: {@code pm-restaurant-f144d2}, 1-minute
 * readings from 2026-10-28T07:00Z, trained for 7 days, then scored as the monitor does): from 01:17
 * on 2026-11-05 it rises 32.7 → 47.2 over 20 readings and holds about 45; at 01:45 the risen
 * plateau (8.75 µg/m³ against an alert level of 5.96, three times three noise widths) alerted as a
 * pollution spike (1.00), a false alert. Its history held one rise, of 5.3 µg/m³, on one date. The
 * same rise twice as high, and the afternoon's pollution spike before it (a jump), still alert.
 */
class BackgroundRiseTest {
  private static final String ID = "pm-restaurant-f144d2";
  private static final String SERIES = "b2/pm-restaurant-background-rise.csv";
  private static final Instant START = Instant.parse("2026-10-28T07:00:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 01:17 on 2026-11-05, the rise's first reading. */
  private static final int RISE = TRAINED + 18 * 60 + 17;
  /** Minutes from START to 14:31 on 2026-11-04, the pollution spike's first reading. */
  private static final int SPIKE = TRAINED + 7 * 60 + 31;
  /** The level before the rise. */
  private static final double BASELINE = 34.8;

  private static double highestScore(int origin, int after, DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(), ID), ID,
        SERIES, START, TRAINED, origin, 10, after, change);
  }

  @Test
  void aRiseOfTheBackgroundNearTheHistorysDoesNotAlert() throws IOException {
    assertThat(highestScore(RISE, 60, (m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void theSameRiseTwiceAsHighStillAlerts() throws IOException {
    assertThat(highestScore(RISE, 60, (m, v) -> m >= 0 ? BASELINE + 2 * (v - BASELINE) : v))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void theAfternoonsPollutionSpikeStillAlerts() throws IOException {
    assertThat(highestScore(SPIKE, 5, (m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }
}
