package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The end of a particulate sensor's slow drift ({@link SensorDriftEndCheck}) on stored readings of D1
 * seed 1234's {@code pm-restaurant-85365f} (Europe/Berlin, readings from 2026-03-11T00:00Z), trained
 * on 14 days and then scored as the monitor does for a week.
 *
 * <p>Its labelled sensor_drift 2026-03-30 08:13–10:19 UTC adds 0.033 µg/m³ a minute to a background
 * near 20 µg/m³ (4 µg/m³ in all, while the background itself wanders by as much), then falls back
 * in one reading at 10:18 (27.3 → 23.9 → 22.0). On main nothing alerted during it. Its test week
 * also holds 40 cooking bursts, 3 glitches, a calibration error, a dust storm, a pollution spike and
 * an offline hour.
 */
class SensorDriftEndCheckTest {
  private static final String PM = "pm-restaurant-85365f";
  private static final String RESOURCE = "d1/pm-restaurant-sensor-drift.csv";
  private static final Instant START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DRIFT_FROM = 27853;
  /** The reading that falls back. */
  private static final int FALL = 27978;
  /** The episode's end: an alert counts up to two readings later. */
  private static final int DRIFT_TO = 27979;
  /** The week's other labelled episodes, {from, to} in minutes: calibration error, dust storm, pollution spike. */
  private static final int[][] OTHER_EPISODES = {{21646, 21670}, {22595, 22673}, {27583, 27593}};
  private static final StoredSeries.Recording RECORDING = new StoredSeries.Recording(
      StoredSeries.particulateIn("Europe/Berlin"), PM, RESOURCE, START, TRAINED);

  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return RECORDING.alerts(0.7, change);
  }

  /** An alert of this check: a sensor drift stated by the fall after the slow rise. */
  private static boolean isDriftEnd(StoredSeries.Alert a) {
    Detection d = a.detection();
    return d.kind() == AnomalyKind.SENSOR_DRIFT && d.detail() != null && d.detail().startsWith("fell from ");
  }

  private static boolean inLabelledEpisode(int minute) {
    if (minute >= DRIFT_FROM && minute <= DRIFT_TO + 2) {
      return true;
    }
    for (int[] e : OTHER_EPISODES) {
      if (minute >= e[0] && minute <= e[1] + 2) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aSensorDriftAlertsTwoReadingsAfterItsFallAndNoBurstOrGlitchOfTheWeekDoes() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(a -> isDriftEnd(a) && a.minute() >= DRIFT_FROM && a.minute() <= DRIFT_TO + 2)
        .singleElement().satisfies(a -> {
          assertThat(a.minute()).isEqualTo(FALL + 2);
          assertThat(a.detection().detail()).startsWith("fell from 27.");
          assertThat(a.detection().detail()).contains("after rising slowly from");
        });
    // cooking bursts, glitches and the background's own falls are no drift's end
    assertThat(found).filteredOn(SensorDriftEndCheckTest::isDriftEnd)
        .allSatisfy(a -> assertThat(inLabelledEpisode(a.minute())).as("minute %d", a.minute()).isTrue());
  }

  @Test
  void theSameFallSpreadOverFourReadingsAsClearingAirFallsIsNoSensorDriftsEnd() throws IOException {
    // 27.3 at the reading before the fall and 22.6 three readings after it, as stored; the readings
    // between go down by a quarter of that each (26.1, 25.0, 23.8) instead of 23.9, 22.0, 22.6
    double from = 27.3;
    double to = 22.6;
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= FALL && minute < FALL + 3
        ? from + (to - from) * (minute - FALL + 1) / 4 : value);
    assertThat(found).filteredOn(a -> a.minute() >= DRIFT_FROM && a.minute() <= DRIFT_TO + 4)
        .noneSatisfy(a -> assertThat(isDriftEnd(a)).isTrue());
  }
}
