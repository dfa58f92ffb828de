package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate pollution spike whose background fell while it held alerts at its return
 * ({@link ReturnPulseCheck}). On the stored readings of D1 seed 2718's {@code pm-factory-c6c80c}
 * (1-minute readings from 2026-07-27T00:00Z, trained for 14 days as D1 trains, then scored as the
 * monitor does), the spike of 01:41 UTC on 2026-08-13 jumps from a level of about 34.1 µg/m³ to 42.5,
 * holds 40.2–45.0 for 26 readings and comes back 33.1 → 29.7: the second reading back lies 4.4 below
 * the level left, more than half the 8.4 jump, so the check asked for both within half the jump and
 * D1's test week missed it. The look-alike is a level that falls through the level left and on: the
 * same pulse whose second reading back lands more than a jump below it stays quiet.
 */
class ReturnBelowTest {
  private static final Instant START = Instant.parse("2026-07-27T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 01:41 on 2026-08-13, the spike's first reading. */
  private static final int FAULT = 17 * 1440 + 60 + 41;
  /** The second reading back (02:08, 29.7), minutes from FAULT. */
  private static final int SECOND_BACK = 27;

  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(
        SensorDetector.fresh(SensorKind.PARTICULATE_MATTER.description(), "pm-factory-c6c80c"), "pm-factory-c6c80c",
        "d1/pm-factory-return-below.csv", START, TRAINED, FAULT, 0, SECOND_BACK + 3, change);
  }

  @Test
  void aPollutionSpikeBackBelowTheLevelItLeftAlertsAtItsReturn() throws IOException {
    assertThat(highestScore((m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aFallThroughTheLevelLeftByMoreThanTheJumpDoesNotAlert() throws IOException {
    // 33.1 then 24.0: ten below the level left, more than the jump of 8.4
    assertThat(highestScore((m, v) -> m == SECOND_BACK ? 24.0 : m > SECOND_BACK ? v - 5 : v)).isLessThan(0.7);
  }
}
