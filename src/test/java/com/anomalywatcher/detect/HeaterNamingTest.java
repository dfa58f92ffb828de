package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A heater's alert is named by what its readings showed up to its opening. On the stored readings
 * of two heaters of D1 seed 1234 (realistic world; 1-minute readings from 2026-03-11T00:00Z, trained
 * for 14 days as D1 trains, then scored as the monitor does):
 *
 * <ul>
 *   <li>{@code heater-restaurant-60e4f3} (Asia/Kolkata) crept up from about 28 to 33.8 °C from 07:39
 *       UTC on 2026-03-30 over three hours, then came back, 33.6 → 30.1 → 28.7 °C at 10:52–10:54:
 *       the end of a drift, which alerted at 10:54 as a drop from the level it had drifted to;
 *   <li>{@code heater-supermarket-23d863} (America/New_York) swung +4.2 °C at 13:00 UTC on 2026-03-31,
 *       back, then -3.3 and -3.7 °C at 13:02–13:03, and on around its level: an oscillation, which
 *       alerted at 13:03 as a drop, its swing up three readings before not counted.
 * </ul>
 */
class HeaterNamingTest {
  private static final Instant START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DAY = 1440;
  /** The drift's first minute (07:39 on 2026-03-30) and its last (10:55). */
  private static final int DRIFT = 19 * DAY + 7 * 60 + 39;
  private static final int DRIFT_END = 19 * DAY + 10 * 60 + 55;
  /** The oscillation's first minute (13:00 on 2026-03-31) and its last (13:18). */
  private static final int SWING = 20 * DAY + 13 * 60;
  private static final int SWING_END = SWING + 18;

  private static SensorDescription heaterIn(String zone) {
    SensorDescription kind = SensorKind.HEATER_TEMPERATURE.description();
    return new SensorDescription(kind.category(), kind.type(), kind.unit(), kind.physicalMin(), kind.physicalMax(),
        ZoneId.of(zone));
  }

  /** The first reading scored at the alert level from {@code from} to {@code to}, readings changed by {@code change}. */
  private static StoredSeries.Alert opening(String sensorId, String zone, String resource, int from, int to,
      DoubleBinaryOperator change) throws IOException {
    List<StoredSeries.Alert> alerts = StoredSeries.alerts(SensorDetector.fresh(heaterIn(zone), sensorId), sensorId,
        resource, START, TRAINED, 0.7, change);
    return alerts.stream().filter(a -> a.minute() >= from && a.minute() <= to).findFirst().orElseThrow();
  }

  @Test
  void aStepBackToTheLevelItCreptFromOpensAsADriftSaidByWhereItCameBackFrom() throws IOException {
    StoredSeries.Alert a = opening("heater-restaurant-60e4f3", "Asia/Kolkata", "d1/heater-restaurant-drift-end.csv",
        DRIFT, DRIFT_END + 2, (m, v) -> v);
    assertThat(a.minute()).isEqualTo(DRIFT_END - 1);
    assertThat(a.detection().kind()).isEqualTo(AnomalyKind.DRIFT);
    assertThat(a.detection().returnedFrom()).isEqualTo(33.6);
  }

  @Test
  void aSwingDownRightAfterASwingUpOpensAsAnOscillation() throws IOException {
    StoredSeries.Alert a = opening("heater-supermarket-23d863", "America/New_York",
        "d1/heater-supermarket-oscillation.csv", SWING, SWING_END + 2, (m, v) -> v);
    assertThat(a.minute()).isEqualTo(SWING + 3);
    assertThat(a.detection().kind()).isEqualTo(AnomalyKind.OSCILLATION);
  }

  @Test
  void theSameSwingDownWithoutTheSwingUpBeforeItIsADrop() throws IOException {
    // 13:00 and 13:01 at the level before (35.7 °C at 12:59) instead of swinging up first
    DoubleBinaryOperator noSwingUp = (m, v) -> m == SWING || m == SWING + 1 ? 35.7 : v;
    StoredSeries.Alert a = opening("heater-supermarket-23d863", "America/New_York",
        "d1/heater-supermarket-oscillation.csv", SWING, SWING_END + 2, noSwingUp);
    assertThat(a.minute()).isEqualTo(SWING + 3);
    assertThat(a.detection().kind()).isEqualTo(AnomalyKind.DROP);
  }
}
