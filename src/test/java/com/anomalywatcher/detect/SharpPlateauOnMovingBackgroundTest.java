package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A one-reading step held flat on a background that was falling (the air clearing) before it
 * ({@link SharpPlateauCheck}'s step from the background's line), on stored readings of D1 seed
 * 4711's {@code pm-restaurant-6c12f8} (Asia/Kolkata, readings from 2026-10-14T00:00Z), trained on
 * 14 days and then scored as the monitor does.
 *
 * <p>Its labelled calibration error 2026-10-30 07:51–08:17 UTC (offset 11 µg/m³) jumps 32.7 → 42.9
 * and holds 40.6–43.2 for nine readings, until a cooking burst (87 → 118 µg/m³) covers it at 08:00.
 * The ten readings before fell from 37.3 to 32.7: their median, 35.05, lies 2.35 µg/m³ above the
 * reading the step left, beyond the three noise widths (2.23) a step's last baseline reading may lie
 * from the level, so the step measured from the median is no one-reading step at all. Measured from
 * the line the falling readings were on, it is 9.4 µg/m³ against the 6.2 the sensor's history
 * tolerates (1.9 × its typical day's largest plateau). On
 * main nothing alerted before the burst.
 */
class SharpPlateauOnMovingBackgroundTest {
  private static final String PM = "pm-restaurant-6c12f8";
  private static final String RESOURCE = "d1/pm-restaurant-calibration-on-clearing-air.csv";
  private static final Instant START = Instant.parse("2026-10-14T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** The reading that steps up: the calibration error's first. */
  private static final int STEP = 23511;
  /** The cooking burst's first reading: the calibration error is hidden from here. */
  private static final int BURST = 23520;
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      StoredSeries.particulateIn("Asia/Kolkata"), PM, RESOURCE, START, TRAINED);

  private static List<StoredSeries.Alert> beforeTheBurst(List<StoredSeries.Alert> alerts) {
    return alerts.stream().filter(a -> a.minute() >= STEP && a.minute() < BURST).toList();
  }

  @Test
  void aStepHeldAfterClearingAirAlertsBeforeTheNextBurstCoversIt() throws IOException {
    List<StoredSeries.Alert> found = beforeTheBurst(RECORDING.alerts(0.7, (minute, value) -> value));
    assertThat(found).isNotEmpty().first().satisfies(a -> {
      // the step's sixth held reading: the plateau check's held window is full
      assertThat(a.minute()).isEqualTo(STEP + SharpPlateauCheck.HELD - 1);
      // the value is explained by a range it lies outside, the range around the level the step left
      assertThat(a.detection().expectedHigh()).isLessThan(41.3).isGreaterThan(32.7);
    });
  }

  @Test
  void theSameStepRisingOverTwoReadingsAsABurstRisesStaysQuiet() throws IOException {
    // a burst's first reading is part-way up: the stored 42.9 at the step becomes halfway from 32.7
    List<StoredSeries.Alert> found = RECORDING.alerts(0.7,
        (minute, value) -> minute == STEP ? (32.7 + 42.9) / 2 : value);
    assertThat(beforeTheBurst(found)).isEmpty();
  }
}
