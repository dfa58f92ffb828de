package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate cooking burst that decays to a background lower than the one it rose from
 * ({@link BurstEndLookAlike}), on the stored readings of acceptance B2's commands (clean world,
 * seed 31, clock 2026-07-01T12:00Z: {@code pm-restaurant-5f598a}, 1-minute readings from
 * 2026-06-23T12:00Z, trained for 7 days, then scored as the monitor does). At 18:37 on the test day
 * a burst rises from a background of 29–30 to 34.1, decays over 8 readings to 24.5–26.1 and holds:
 * {@link PlateauCheck} measured a fall of 4.65 from the burst's top and alerted a calibration error
 * (0.85 at 19:08). The background's fall, 28.5 → 24.5 lowest to lowest, is below the largest of
 * every training day but one (4.1–7.4, median 5.6). The same burst ending on a background 4 lower
 * still alerts.
 */
class BurstEndTest {
  private static final Instant START = Instant.parse("2026-06-23T12:00:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 18:37 on 2026-06-30, the burst's first rising reading. */
  private static final int BURST = TRAINED + 6 * 60 + 37;
  /** Readings from BURST to the first held one below the background (18:59). */
  private static final int HELD = 22;
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      SensorKind.PARTICULATE_MATTER.description(), "pm-restaurant-5f598a",
      "b2/pm-restaurant-burst-to-lower-background.csv", START, TRAINED);

  /**
   * The highest score from 10 minutes before BURST to 60 minutes after it, each reading there
   * replaced by {@code change.applyAsDouble(minutes from BURST, stored value)}.
   */
  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return RECORDING.highestScore(BURST, 10, 60, change);
  }

  @Test
  void aBurstEndingOnABackgroundThatFellAsOnATypicalDayDoesNotAlert() throws IOException {
    assertThat(highestScore((m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void theSameBurstEndingOnABackgroundFourLowerStillAlerts() throws IOException {
    assertThat(highestScore((m, v) -> m >= HELD ? v - 4 : v)).isGreaterThanOrEqualTo(0.7);
  }
}
