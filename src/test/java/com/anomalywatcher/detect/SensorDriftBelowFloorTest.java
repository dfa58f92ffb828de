package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The end of a particulate sensor's drift whose background fell under it ({@link SensorDriftEndCheck}'s
 * fall below the recent floor), on stored readings of D1 seed 4711's {@code pm-factory-67aedb}
 * (America/New_York, readings from 2026-10-14T00:00Z), trained on 14 days and then scored as the
 * monitor does for a week.
 *
 * <p>Its labelled sensor_drift 2026-10-31 14:10–17:59 UTC rises 13.5 µg/m³ in 3 h 49 min while the
 * air under it falls by about as much, so the readings hold near 40 µg/m³ and no slow rise from an
 * earlier level shows; at its end the offset comes off (36.4 → 27.4 → 23.5 → 20.8), to 15 µg/m³
 * below every level of the two hours before. On main nothing alerted during it. Its week also holds
 * 12 cooking bursts, 6 glitches, 43 lost readings and a pollution spike.
 */
class SensorDriftBelowFloorTest {
  private static final String PM = "pm-factory-67aedb";
  private static final String RESOURCE = "d1/pm-factory-sensor-drift-under-falling-air.csv";
  private static final Instant START = Instant.parse("2026-10-14T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DRIFT_FROM = 25330;
  /** The reading that falls. */
  private static final int FALL = 25557;
  /** The episode's end: an alert counts up to two readings later. */
  private static final int DRIFT_TO = 25559;
  private static final int[] POLLUTION_SPIKE = {25028, 25039};
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      StoredSeries.particulateIn("America/New_York"), PM, RESOURCE, START, TRAINED);

  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return RECORDING.alerts(0.7, change);
  }

  /** An alert of this way of the check: a fall below the recent floor. */
  private static boolean isBelowFloor(StoredSeries.Alert a) {
    Detection d = a.detection();
    return d.kind() == AnomalyKind.SENSOR_DRIFT && d.detail() != null && d.detail().contains("below every level");
  }

  private static boolean inLabelledEpisode(int minute) {
    return minute >= DRIFT_FROM && minute <= DRIFT_TO + 2
        || minute >= POLLUTION_SPIKE[0] && minute <= POLLUTION_SPIKE[1] + 2;
  }

  @Test
  void aDriftHiddenByFallingAirAlertsTwoReadingsAfterItsFallAndNoBurstOrGlitchOfTheWeekDoes() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(a -> a.minute() >= DRIFT_FROM && a.minute() <= DRIFT_TO + 2)
        .filteredOn(a -> a.detection().kind() == AnomalyKind.SENSOR_DRIFT).first().satisfies(a -> {
          assertThat(a.minute()).isEqualTo(FALL + 2);
          assertThat(a.detection().detail()).startsWith("fell from 36.").contains("below every level of the last 2 h");
        });
    assertThat(found).filteredOn(SensorDriftBelowFloorTest::isBelowFloor)
        .allSatisfy(a -> assertThat(inLabelledEpisode(a.minute())).as("minute %d", a.minute()).isTrue());
  }

  @Test
  void theSameFallSpreadOverFourReadingsAsClearingAirFallsStaysQuiet() throws IOException {
    // 36.4 at the reading before the fall and 21.4 three readings after it, as stored; the readings
    // between go down by a quarter of that each instead of 27.4, 23.5, 20.8
    double from = 36.4;
    double to = 21.4;
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= FALL && minute < FALL + 3
        ? from + (to - from) * (minute - FALL + 1) / 4 : value);
    assertThat(found).filteredOn(a -> a.minute() >= DRIFT_FROM && a.minute() <= DRIFT_TO + 4)
        .noneSatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.SENSOR_DRIFT));
  }
}
