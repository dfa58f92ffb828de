package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate calibration error that jumps in one reading, holds while the background wanders
 * underneath and falls back to the level it left alerts at its return ({@link ReturnPulseCheck}).
 * On the stored readings of D1 seed 31's {@code pm-warehouse-811845} (realistic world,
 * Asia/Kolkata; 1-minute readings from 2026-06-22T00:00Z, trained for 14 days as D1 trains, then
 * scored as the monitor does), the calibration error of 22:10 UTC on 2026-07-11 jumps from a
 * background falling through 18.4 to 24.8 µg/m³, holds 23.8–25.9 for 23 readings and falls back
 * to 20.9 and 19.6: every other check stayed quiet (the background before it was still falling,
 * so no settled plateau), D1's test week missed it. The look-alikes: the same pulse whose held
 * readings are as rough as a burst's or a wandering background's (the jump is then only a few of
 * their noise widths), one held for fewer readings than a burst's top lasts, and one that decays
 * back over several readings instead of falling, stay quiet.
 */
class ReturnPulseTest {
  private static final Instant START = Instant.parse("2026-06-22T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 22:10 on 2026-07-11, the calibration error's first reading. */
  private static final int FAULT = 19 * 1440 + 22 * 60 + 10;
  /** Readings the fault held, its first included: the reading at FAULT + HELD is back. */
  private static final int HELD = 23;
  private static final SensorDescription PM = StoredSeries.particulateIn("Asia/Kolkata");
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      PM, "pm-warehouse-811845", "d1/pm-warehouse-calibration-return.csv", START, TRAINED);

  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return RECORDING.highestScore(FAULT, 0, HELD + 4, change);
  }

  @Test
  void aCalibrationErrorThatFallsBackToTheLevelItLeftAlertsAtItsReturn() throws IOException {
    assertThat(highestScore((m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aPulseAsRoughAsTheBackgroundsWanderDoesNotAlert() throws IOException {
    // the held readings swing ±1.5 µg/m³ from one reading to the next: the jump of 6.4 is then
    // about 3 of their noise widths
    assertThat(highestScore((m, v) -> m > 0 && m < HELD ? v + (m % 2 == 0 ? 1.5 : -1.5) : v)).isLessThan(0.7);
  }

  @Test
  void aPulseHeldNoLongerThanABurstsTopDoesNotAlert() throws IOException {
    // back to the level left after 8 readings, as a burst's top falls: the stored return moved forward
    assertThat(highestScore((m, v) -> m >= 8 && m < HELD ? 19.5 + 0.3 * (m % 3) : v)).isLessThan(0.7);
  }

  @Test
  void aPulseThatDecaysBackOverSeveralReadingsDoesNotAlert() throws IOException {
    // the last five held readings come down step by step to the level the fall reached
    assertThat(highestScore((m, v) -> m >= HELD - 5 && m < HELD ? 25.3 - (m - (HELD - 6)) * 0.9 : v))
        .isLessThan(0.7);
  }
}
