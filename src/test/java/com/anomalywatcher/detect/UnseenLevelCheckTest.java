package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A level its training never came near, reached slowly ({@link UnseenLevelCheck}), on the stored
 * readings of D1 seed 7 ({@code heater-restaurant-9997b2}, 1-minute readings from 2026-10-06T00:00Z,
 * trained on 14 days up to 2026-10-20T00:00Z, then scored as the monitor does up to 2026-10-27T00:00Z).
 * Its training shows 26.9–36.0 °C (warm days, night setbacks, closed Mondays). Its look-alikes in the
 * test week: a setpoint raised on Saturday 2026-10-24 from 01:29 for twelve hours, the heater warming
 * from 28 °C to 41–43 °C, beyond anything its training showed by more than the margin, in under an
 * hour; and a closed Monday (2026-10-26) at its setback level all day. A slow departure is made from
 * the same readings: from Thursday 2026-10-22 00:00 on, each reading 0.02 °C per minute further up (a
 * controller creeping away, as D1's drifts do), up to 20 °C.
 */
class UnseenLevelCheckTest {
  private static final String ID = "heater-restaurant-9997b2";
  private static final String RESOURCE = "d1/heater-restaurant-setpoint.csv";
  private static final Instant START = Instant.parse("2026-10-06T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DEPARTURE = 16 * 1440;
  private static final int SETPOINT_FROM = 18 * 1440 + 60 + 29;
  private static final int SETPOINT_TO = 18 * 1440 + 14 * 60;
  private static final int CLOSED_MONDAY = 20 * 1440;

  /** Every reading scored at the alert level. */
  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), ID), ID, RESOURCE,
        START, TRAINED, 0.7, change);
  }

  private static double departing(double minute, double value) {
    return minute < DEPARTURE ? value : value + Math.min(20, 0.02 * (minute - DEPARTURE));
  }

  /** An alert of this check: a drift explained by the range the training showed (26.9–36.0 °C). */
  private static boolean isUnseenLevel(StoredSeries.Alert alert) {
    Detection d = alert.detection();
    return d.kind() == AnomalyKind.DRIFT && d.expectedLow() > 26 && d.expectedLow() < 27.5 && d.expectedHigh() > 35.5
        && d.expectedHigh() < 36.5;
  }

  @Test
  void aSlowDepartureToALevelNeverSeenAlertsWithTheRangeTheHistoryShowed() throws IOException {
    List<StoredSeries.Alert> found = alerts(UnseenLevelCheckTest::departing);
    // 36.0 + 4.6 (half the shown range) is passed after about 4 hours on a warm day; held an hour
    int first = found.stream().filter(a -> a.minute() >= DEPARTURE && isUnseenLevel(a)).mapToInt(StoredSeries.Alert::minute)
        .min().orElse(Integer.MAX_VALUE);
    assertThat(first).isLessThan(DEPARTURE + 16 * 60);
    assertThat(found).filteredOn(a -> a.minute() >= DEPARTURE + 20 * 60).anySatisfy(a ->
        assertThat(a.detection().score()).isEqualTo(1.0));
  }

  @Test
  void theStoredWeekAlertsNoLevelNeverSeen() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).noneSatisfy(a -> assertThat(isUnseenLevel(a)).isTrue());
  }

  @Test
  void aSetpointRaisedBeyondAnythingSeenAndAClosedMondayStayQuiet() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(a -> a.minute() >= SETPOINT_FROM && a.minute() < SETPOINT_TO).isEmpty();
    assertThat(found).filteredOn(a -> a.minute() >= CLOSED_MONDAY).isEmpty();
  }

  @Test
  void aReadingBackInTheShownRangeFromALevelNeverSeenOpensNoIncident() throws IOException {
    // the departure ends at once: back at the stored readings from 18:00 Thursday on
    int back = DEPARTURE + 18 * 60;
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute < back ? departing(minute, value) : value);
    assertThat(found).filteredOn(a -> a.minute() >= back && a.minute() < back + 120).isEmpty();
  }
}
