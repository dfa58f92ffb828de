package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate pollution spike switched off over two readings alerts at its return
 * ({@link ReturnPulseCheck}). On the stored readings of D1 seed 99's {@code pm-supermarket-f1e315}
 * (realistic world, Asia/Tokyo; 1-minute readings from 2025-12-29T00:00Z, trained for 14 days as D1
 * trains, then scored as the monitor does), the pollution spike of 05:57 UTC on 2026-01-15 jumps from
 * 6.0 to 9.6 µg/m³, holds 8.5–9.8 for 22 readings (with a glitch to 4.8 in its third reading) and
 * falls back over two readings, 9.5 → 7.1 → 6.0: the first reading back fell 2.4, under 0.7 of the
 * jump, so the check asked for a fall in one reading and D1's test week missed it. The look-alike is
 * a burst's top that decays: the same pulse whose last held readings have begun to fall before the
 * two readings back stays quiet.
 */
class TwoReadingReturnTest {
  private static final Instant START = Instant.parse("2025-12-29T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 05:57 on 2026-01-15, the pollution spike's first reading. */
  private static final int FAULT = 17 * 1440 + 5 * 60 + 57;
  /** Readings the spike held, its first included: the reading at FAULT + HELD is the first back. */
  private static final int HELD = 22;
  private static final SensorDescription PM = StoredSeries.particulateIn("Asia/Tokyo");
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      PM, "pm-supermarket-f1e315", "d1/pm-supermarket-pollution-two-step-return.csv", START, TRAINED);

  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return RECORDING.highestScore(FAULT, 0, HELD + 4, change);
  }

  @Test
  void aPollutionSpikeThatFallsBackOverTwoReadingsAlertsAtItsReturn() throws IOException {
    assertThat(highestScore((m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aTopThatHasBegunToDecayBeforeItFallsBackDoesNotAlert() throws IOException {
    // the two last held readings come down (9.0, 8.1) as a burst's top decays, then the stored 7.1 and 6.0
    assertThat(highestScore((m, v) -> m == HELD - 2 ? 9.0 : m == HELD - 1 ? 8.1 : v)).isLessThan(0.7);
  }
}
