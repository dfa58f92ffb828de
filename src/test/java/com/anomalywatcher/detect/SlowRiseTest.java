package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate sensor's background rising slowly and settling ({@link RisenPlateauCheck}'s usual
 * rises), on the stored readings of acceptance B2's commands (clean world, seed 12345, clock
 * 2026-11-21T21:45Z: {@code pm-restaurant-228032}, 1-minute readings from 2026-11-13T21:45Z,
 * trained for 7 days, then scored as the monitor does). From 16:54 on the test day it rises
 * 23 → 31 over 29 minutes (about 0.3 µg/m³ a minute, no jump) and holds: the risen-plateau check
 * alerted it as a pollution spike (0.704–0.716); the history shows rises as high and as steep on
 * several dates. The same rise made in five readings to twice the height still alerts.
 */
class SlowRiseTest {
  private static final Instant START = Instant.parse("2026-11-13T21:45:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 16:54 on 2026-11-21, the rise's start. */
  private static final int RISE = TRAINED + 19 * 60 + 9;
  private static final double BASELINE = 23.0;

  /**
   * The highest score from 10 minutes before RISE to 90 minutes after it, each reading there
   * replaced by {@code change.applyAsDouble(minutes from RISE, stored value)}.
   */
  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(), "pm-restaurant-228032"),
        "pm-restaurant-228032", "b2/pm-restaurant-slow-rise.csv", START, TRAINED, RISE, 10, 90, change);
  }

  @Test
  void theBackgroundsSlowRiseDoesNotAlert() throws IOException {
    assertThat(highestScore((m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void aRiseInFiveReadingsToTwiceTheHeightStillAlerts() throws IOException {
    // 23 → 39 over five readings, held with the stored readings' noise for 40 minutes
    assertThat(highestScore((m, v) -> m < 0 || m >= 45 ? v
        : BASELINE + 16 * Math.min(1, m / 5.0) + 0.3 * (m % 3 - 1)))
        .isGreaterThanOrEqualTo(0.7);
  }
}
