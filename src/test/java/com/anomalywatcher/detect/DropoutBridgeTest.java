package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A dropout of an ordinary length keeps the plugged checks' windows when the level went on across
 * it ({@link AnalogCheck}'s {@code isLevelKept}). On the stored readings of D1 seed 2718's
 * {@code pm-warehouse-ecf163} (realistic world, Australia/Sydney; 1-minute readings from
 * 2026-07-27T00:00Z, trained for 14 days as D1 trains, then scored as the monitor does), a
 * calibration error jumps at 23:07 UTC on 2026-08-14 from about 23 to 33.6 µg/m³ and holds
 * 32.4–34.8 for 29 readings; three readings (23:10–23:12) are lost three minutes in. Every window
 * restarted at that gap, and when they were full again their baseline was the fault's own level:
 * missed. The look-alike: the same readings with the level moved across the lost readings (the
 * readings after the gap 3 µg/m³ higher than the one before it, as a ramp hidden by them would
 * leave it) restarts the windows as before.
 */
class DropoutBridgeTest {
  private static final Instant START = Instant.parse("2026-07-27T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 23:07 on 2026-08-14, the calibration error's first reading. */
  private static final int FAULT = 18 * 1440 + 23 * 60 + 7;
  private static final SensorDescription PM = StoredSeries.particulateIn("Australia/Sydney");

  private static double highestScore(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.highestScore(SensorDetector.fresh(PM, "pm-warehouse-ecf163"), "pm-warehouse-ecf163",
        "d1/pm-warehouse-calibration-dropout.csv", START, TRAINED, FAULT, 0, 31, change);
  }

  @Test
  void aCalibrationErrorWithThreeReadingsLostInItAlerts() throws IOException {
    assertThat(highestScore((m, v) -> v)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void aLevelThatMovedAcrossTheLostReadingsStillRestartsTheWindows() throws IOException {
    // the fault's first three readings at the background: the level moved 11 µg/m³ across the
    // lost readings, so the windows restart and the fault is as unseen as before
    assertThat(highestScore((m, v) -> m < 3 ? 23.5 : v)).isLessThan(0.7);
  }
}
