package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate sensor's background wandering up as far and as slowly as it does on a typical day
 * ({@link BackgroundRiseLookAlike}), on the stored readings of acceptance B2's commands (clean world,
 * seed 4711, clock 2026-10-25T02:30Z: {@code pm-supermarket-fb4d7c}, 1-minute readings from
 * 2026-10-17T02:30Z, trained for 7 days, then scored as the monitor does). From 23:30 on the test
 * day the background rises 14.9 → 21.5 over about 25 readings (steepest 2.7 over 5) and eases back:
 * {@link RisenPlateauCheck}, whose history held its exact shape on 2 of 7 days only, alerted it as a
 * pollution spike (0.81 at 00:11 on 2026-10-25). The background's floor (the lowest of 45 readings)
 * rose by 2.8 over 40 readings and by 1.5 over 5 on the typical training day. The same rise made
 * within five readings, as a dust storm ramps, and a rise as slow but twice as high still alert.
 */
class BackgroundWanderTest {
  private static final Instant START = Instant.parse("2026-10-17T02:30:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 23:30 on 2026-10-24, where the background starts to rise. */
  private static final int RISE = TRAINED + 21 * 60;
  /** The background before the rise (its median from 23:30 to 23:45). */
  private static final double BACKGROUND = 14.4;

  /**
   * The highest score from 10 minutes before RISE to 90 minutes after it, each reading there
   * replaced by {@code change.applyAsDouble(minutes from RISE, stored value)}.
   */
  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(),
        "pm-supermarket-fb4d7c"), "pm-supermarket-fb4d7c", "b2/pm-supermarket-background-wander.csv", START,
        TRAINED, RISE, 10, 90, change);
  }

  @Test
  void aBackgroundRisingAsFarAndAsSlowlyAsOnATypicalDayDoesNotAlert() throws IOException {
    assertThat(highestScore((m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void theSameRiseMadeWithinFiveReadingsStillAlerts() throws IOException {
    // the background held from 23:40, then 6 µg/m³ higher within five readings at 00:00, held with noise
    assertThat(highestScore((m, v) -> m < 10 || m >= 80 ? v
        : BACKGROUND + 6 * Math.max(0, Math.min(1, (m - 29) / 5.0)) + 0.4 * (m % 3 - 1)))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aRiseAsSlowButTwiceAsHighStillAlerts() throws IOException {
    // as slowly as the stored rise (10 µg/m³ over 25 readings: 2 per 5), held with noise
    assertThat(highestScore((m, v) -> m < 10 || m >= 80 ? v
        : BACKGROUND + 10 * Math.max(0, Math.min(1, (m - 29) / 25.0)) + 0.4 * (m % 3 - 1)))
        .isGreaterThanOrEqualTo(0.7);
  }
}
