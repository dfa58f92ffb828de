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
 * An oven's level that falls in one reading, holds there and comes back to the level it left alerts
 * at its return ({@link ReturnPulseCheck#dips()}). On the stored readings of D1 seed 2718's
 * {@code oven-factory-694490} (1-minute readings from 2026-07-27T00:00Z, trained for 14 days as D1
 * trains, then scored as the monitor does up to 17:00 on 2026-08-12), the drop of 16:02 UTC falls
 * from 237.0 to 228.2 °C in one reading, right after a door opening had ended, holds 226.2–229.7 for
 * 26 readings while the thermostat goes on cycling, and comes back in two readings (228.1 → 234.3 →
 * 237.4). Every other check stayed quiet on main. The look-alike is the oven reheating after its door:
 * the same fall climbing back over six readings, as the oven climbs after each door opening of its
 * history, stays quiet; so does every other reading of the days scored (their door openings included).
 */
class ReturnDipTest {
  private static final String OVEN = "oven-factory-694490";
  private static final String RESOURCE = "d1/oven-factory-held-drop.csv";
  private static final Instant START = Instant.parse("2026-07-27T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 16:02 on 2026-08-12, the drop's first reading. */
  private static final int FAULT = 16 * 1440 + 16 * 60 + 2;
  /** The first reading back (16:28): the drop held 26 readings. */
  private static final int BACK = FAULT + 26;
  /** The episode's last minute (16:29): an alert counts up to two readings later. */
  private static final int END = FAULT + 27;

  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), OVEN), OVEN, RESOURCE,
        START, TRAINED, 0.7, change);
  }

  /** An alert of this check: a fall held and back to the level left. */
  private static boolean isReturnedDip(StoredSeries.Alert a) {
    String detail = a.detection().detail();
    return detail != null && detail.startsWith("a fall of ");
  }

  @Test
  void aHeldDropThatComesBackAlertsAtItsReturnAndNothingElseOfTheDaysDoes() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(ReturnDipTest::isReturnedDip).singleElement().satisfies(a -> {
      assertThat(a.minute()).isBetween(BACK, END + 2);
      assertThat(a.detection().kind()).isEqualTo(AnomalyKind.DROP);
      assertThat(a.detection().detail()).isEqualTo("a fall of 8.0 held 26 readings and back to the level left");
      assertThat(a.detection().expectedLow()).isLessThan(234.3);
    });
    // on main nothing alerted from the drop's start to the end of its grace
    assertThat(found).filteredOn(a -> a.minute() >= FAULT && a.minute() <= END + 2)
        .allSatisfy(a -> assertThat(isReturnedDip(a)).isTrue());
  }

  @Test
  void aDeeperHeldDropThatOtherChecksAlertOnIsNotAlertedAgainAtItsReturn() throws IOException {
    // the held readings 30 °C lower: the onset alerts as before the check existed, the return must not alert again
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= FAULT && minute < BACK ? value - 30 : value);
    assertThat(found).filteredOn(a -> a.minute() >= FAULT && a.minute() < BACK).isNotEmpty();
    assertThat(found).filteredOn(ReturnDipTest::isReturnedDip).isEmpty();
  }

  @Test
  void theSameFallClimbingBackAsAfterADoorStaysQuiet() throws IOException {
    // from the stored 228.1 the oven climbs 1.5 °C a reading, as after its doors, to the stored 237.4
    double[] climb = {229.6, 231.1, 232.6, 234.1, 235.6, 237.1};
    List<StoredSeries.Alert> found = alerts((minute, value) -> {
      int k = (int) minute - BACK;
      return k >= 0 && k < climb.length ? climb[k] : value;
    });
    assertThat(found).filteredOn(ReturnDipTest::isReturnedDip).isEmpty();
  }
}
