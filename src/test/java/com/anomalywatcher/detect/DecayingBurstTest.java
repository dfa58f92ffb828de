package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate burst that builds up over a few readings and is found by {@link StepCheck} where its
 * top decays slowly enough to look held ({@link BurstLookAlike}'s decaying top). On the stored
 * readings of acceptance B2's commands (clean world, seed 908, clock 2026-12-04T16:04Z: {@code
 * pm-supermarket-3a4d82}, 1-minute readings from 2026-11-26T16:04Z, trained for 7 days, then scored
 * as the monitor does): at 14:01 on 2026-12-04 it rises 5.5 → 8.6 → 12.1 → 14.6 → 15.5, then decays
 * 14.0 → 13.2 → 11.9; 13.2 alerted as a pollution spike (1.00, "expected 3.6–8.1"), a false alert.
 * The history's build-ups reached 11.2, 8.2 and 5.9 µg/m³, at other hours. The same burst held at
 * its top, the same burst twice as high, and the morning's pollution spike (a jump) still alert.
 */
class DecayingBurstTest {
  private static final String ID = "pm-supermarket-3a4d82";
  private static final String SERIES = "b2/pm-supermarket-decaying-burst.csv";
  private static final Instant START = Instant.parse("2026-11-26T16:04:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 14:01 on 2026-12-04, the burst's first rising reading. */
  private static final int BURST = TRAINED + 21 * 60 + 57;
  /** Minutes from START to 06:57 on 2026-12-04, the pollution spike's first reading. */
  private static final int SPIKE = TRAINED + 14 * 60 + 53;
  /** The level before the burst. */
  private static final double BASELINE = 5.5;

  private static double highestScore(int origin, int after, DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(), ID), ID,
        SERIES, START, TRAINED, origin, 10, after, change);
  }

  @Test
  void aBurstDecayingFromItsTopAsHighAsTheHistorysDoesNotAlert() throws IOException {
    assertThat(highestScore(BURST, 20, (m, v) -> v)).isLessThan(0.7);
  }

  @Test
  void theSameBurstHeldAtItsTopStillAlerts() throws IOException {
    // the stored rise to 15.5 at 14:04, then held there (±0.3) for ten readings
    assertThat(highestScore(BURST, 20, (m, v) -> m >= 4 && m < 14 ? 15.5 + 0.3 * (m % 3 - 1) : v))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void theSameBurstTwiceAsHighStillAlerts() throws IOException {
    assertThat(highestScore(BURST, 20, (m, v) -> m >= 0 ? BASELINE + 2 * (v - BASELINE) : v))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void thePollutionSpikeOfThatMorningStillAlerts() throws IOException {
    assertThat(highestScore(SPIKE, 5, (m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }
}
