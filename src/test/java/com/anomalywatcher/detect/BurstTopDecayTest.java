package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The decay of a particulate burst that the one-step check took for a fall
 * ({@link BurstLookAlike#explainsHold}), on the stored readings of acceptance B2's commands (clean
 * world, seed 99, clock 2026-08-08T08:08Z: {@code pm-supermarket-30ffec}, 1-minute readings from
 * 2026-07-31T08:08Z, trained for 7 days, then scored as the monitor does). At 17:45 on the test day
 * a burst builds up from a background of 9.8 to 17.1 µg/m³ over four readings and decays; the first
 * reading past the top (15.3) opened an incident against the rise's momentum (a level near 19.7)
 * and the decay to 13.6 alerted "sensor drift" (0.75 at 17:51). The same burst whose decay falls
 * below the background it rose from still alerts.
 */
class BurstTopDecayTest {
  private static final Instant START = Instant.parse("2026-07-31T08:08:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 17:45 on 2026-08-07, the burst's first rising reading. */
  private static final int BURST = TRAINED + 9 * 60 + 37;
  /** Readings from BURST to the second reading past the top (17:50). */
  private static final int DECAY = 5;
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      SensorKind.PARTICULATE_MATTER.description(), "pm-supermarket-30ffec", "b2/pm-supermarket-burst-top-decay.csv",
      START, TRAINED);

  /**
   * The highest score from 10 minutes before BURST to 60 minutes after it, each reading there
   * replaced by {@code change.applyAsDouble(minutes from BURST, stored value)}.
   */
  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return RECORDING.highestScore(BURST, 10, 60, change);
  }

  @Test
  void aBurstDecayingTowardsTheBackgroundItRoseFromDoesNotAlert() throws IOException {
    assertThat(highestScore((m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void theSameBurstDecayingBelowTheBackgroundStillAlerts() throws IOException {
    assertThat(highestScore((m, v) -> m >= DECAY ? v - 8 : v)).isGreaterThanOrEqualTo(0.7);
  }
}
