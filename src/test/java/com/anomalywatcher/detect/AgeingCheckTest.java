package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * An ageing heater element found while it ages ({@link AgeingCheck}), on the stored readings of D1
 * seed 7 ({@code heater-factory-590056}, 1-minute readings from 2026-10-06T00:00Z, trained on 14
 * days up to 2026-10-20T00:00Z, then scored as the monitor does up to 2026-10-25T00:00Z). Its
 * element ages from 2026-10-22T22:26Z to 2026-10-23T08:16Z (labelled element_ageing): main found
 * nothing of it. Its look-alikes in the same week stay quiet: the night setbacks and warm-ups of
 * five days, a lowered setpoint on 2026-10-24 (−6.5 °C, 04:01–13:03), a sensor gone silent for 53
 * minutes on 2026-10-20; and a value frozen for two hours ends as a frozen alert, not an ageing one.
 */
class AgeingCheckTest {
  private static final String ID = "heater-factory-590056";
  private static final String RESOURCE = "d1/heater-factory-ageing.csv";
  private static final Instant START = Instant.parse("2026-10-06T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int AGEING_START = 16 * 1440 + 22 * 60 + 26;
  private static final int AGEING_END = 17 * 1440 + 8 * 60 + 16;

  /** Every reading scored at the alert level. */
  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), ID), ID, RESOURCE,
        START, TRAINED, 0.7, change);
  }

  @Test
  void itsAlertSaysHowMuchSmootherTheReadingsHaveGone() throws IOException {
    SensorDetector d = SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), ID);
    List<String> details = new ArrayList<>();
    StoredSeries.replay(d, ID, RESOURCE, START, TRAINED, new StoredSeries.Replay() {
      @Override
      public void detected(int minute, Detection detection) {
        if (detection.score() >= 0.7 && detection.kind() == AnomalyKind.ELEMENT_AGEING) {
          details.add(detection.detail());
        }
      }
    });
    assertThat(details).isNotEmpty()
        .allSatisfy(s -> assertThat(s).matches("its readings \\d+\\.\\d times smoother than on its usual days at their quietest"));
  }

  private static boolean isAgeing(StoredSeries.Alert alert) {
    return alert.detection().kind() == AnomalyKind.ELEMENT_AGEING;
  }

  @Test
  void anAgeingElementAlertsWhileItAges() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    int first = found.stream().filter(a -> a.minute() >= AGEING_START && isAgeing(a)).mapToInt(StoredSeries.Alert::minute).min()
        .orElse(Integer.MAX_VALUE);
    // within a few hours of the start, long before the element is back (the end that main alerted, late)
    assertThat(first).isLessThan(AGEING_START + 4 * 60);
  }

  @Test
  void itsLookAlikesOfTheWeekDoNotAlertAsAgeing() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    // the episode's alert lasts until its window has left the aged readings
    assertThat(found).filteredOn(AgeingCheckTest::isAgeing)
        .allSatisfy(a -> assertThat(a.minute()).isBetween(AGEING_START, AGEING_END + AgeingCheck.SPAN));
  }

  @Test
  void aValueFrozenForTwoHoursIsNoAgeing() throws IOException {
    int from = TRAINED + 1440 + 10 * 60; // 2026-10-21 10:00
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= from && minute < from + 120 ? 36.2 : value);
    assertThat(found).filteredOn(a -> a.minute() >= from && a.minute() < from + 120)
        .anySatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.FROZEN));
    assertThat(found).filteredOn(a -> a.minute() >= from && a.minute() < from + 120 + 6 * 60)
        .noneSatisfy(a -> assertThat(isAgeing(a)).isTrue());
  }
}
