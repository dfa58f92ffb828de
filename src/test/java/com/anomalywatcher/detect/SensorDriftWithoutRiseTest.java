package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The end of a particulate sensor's drift with no rise before it ({@link SensorDriftEndCheck}'s third
 * way), on stored readings of D1 seed 2718's {@code pm-factory-5ce46b} (Australia/Sydney, readings
 * from 2026-07-27T00:00Z), trained on 14 days and then scored as the monitor does for a week.
 *
 * <p>Its labelled sensor_drift 2026-08-12 07:54–11:02 UTC adds 12.1 µg/m³ in 3 h 8 min under cooking
 * bursts, so no straight slow rise from an earlier level shows and the end (51.9 → 42.5 → 39.5, held
 * near 40) lands inside what the hours before showed; but no reading of the hour before it rose by
 * more than 2.9, a quarter of the fall. On main nothing alerted during it. Its week also holds a
 * pollution spike (08-11 23:44–23:52 UTC).
 */
class SensorDriftWithoutRiseTest {
  private static final String PM = "pm-factory-5ce46b";
  private static final String RESOURCE = "d1/pm-factory-sensor-drift-without-rise.csv";
  private static final Instant START = Instant.parse("2026-07-27T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DRIFT_FROM = 23514;
  /** The reading that falls. */
  private static final int FALL = 23700;
  /** The episode's end: an alert counts up to two readings later. */
  private static final int DRIFT_TO = 23702;
  private static final int[] POLLUTION_SPIKE = {22984, 22992};
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      StoredSeries.particulateIn("Australia/Sydney"), PM, RESOURCE, START, TRAINED);

  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return RECORDING.alerts(0.7, change);
  }

  /** An alert of this way of the check: a fall with no rise before it. */
  private static boolean isWithoutRise(StoredSeries.Alert a) {
    Detection d = a.detection();
    return d.kind() == AnomalyKind.SENSOR_DRIFT && d.detail() != null && d.detail().contains("with no reading");
  }

  private static boolean inLabelledEpisode(int minute) {
    return minute >= DRIFT_FROM && minute <= DRIFT_TO + 2
        || minute >= POLLUTION_SPIKE[0] && minute <= POLLUTION_SPIKE[1] + 2;
  }

  @Test
  void aDriftEndingWithNoRiseBeforeItAlertsTwoReadingsAfterItsFallAndNothingElseOfTheWeekDoes() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(a -> a.minute() >= DRIFT_FROM && a.minute() <= DRIFT_TO + 2)
        .filteredOn(a -> a.detection().kind() == AnomalyKind.SENSOR_DRIFT).first().satisfies(a -> {
          assertThat(a.minute()).isEqualTo(FALL + 2);
          assertThat(a.detection().detail()).startsWith("fell from 5").contains("with no reading of the last 1 h");
        });
    assertThat(found).filteredOn(SensorDriftWithoutRiseTest::isWithoutRise)
        .allSatisfy(a -> assertThat(inLabelledEpisode(a.minute())).as("minute %d", a.minute()).isTrue());
  }

  @Test
  void theSameFallAfterARiseInOneReadingHalfItsSizeStaysQuiet() throws IOException {
    // a pulse's return: the readings from 40 to 100 readings before the fall lowered by 8 (two thirds
    // of the 12.1 fallen), so the level steps up in one reading 40 readings before the fall
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= FALL - 100 && minute < FALL - 40
        ? value - 8 : value);
    assertThat(found).filteredOn(a -> a.minute() >= FALL && a.minute() <= DRIFT_TO + 4)
        .noneSatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.SENSOR_DRIFT));
  }
}
