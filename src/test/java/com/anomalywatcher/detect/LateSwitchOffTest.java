package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lamp that stayed lit half an hour past its usual switch off, was alerted stuck on, and then went
 * dark as its schedule expects ({@link DigitalCheck}'s return to the schedule). On the stored
 * readings of acceptance B2's commands (clean world, seed 7, clock 2026-12-04T16:04Z: {@code
 * lamp-restaurant-3b66e2}, 1-minute readings from 2026-11-26T16:04Z, trained for 7 days, then
 * scored as the monitor does): every night of the history it went dark at 23:02–23:12; on
 * 2026-12-03 it stayed lit to 23:42, alerted stuck on at 23:41, and its switch off at 23:42 (a time
 * it never switched off at) was alerted "off, expected on — stuck off" for two hours: an alert
 * followed by its opposite for the same event. The test day's stuck-on episode at 02:17 and
 * stuck-off episode at 10:13 still alert.
 */
class LateSwitchOffTest {
  private static final String ID = "lamp-restaurant-3b66e2";
  private static final String SERIES = "b2/lamp-restaurant-late-switch-off.csv";
  private static final Instant START = Instant.parse("2026-11-26T16:04:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 23:42 on 2026-12-03, the late switch off. */
  private static final int SWITCH_OFF = TRAINED + 7 * 60 + 38;
  /** Minutes from START to 02:17 on 2026-12-04, the stuck-on episode's first reading. */
  private static final int STUCK_ON = TRAINED + 10 * 60 + 13;
  /** Minutes from START to 10:13 on 2026-12-04, the stuck-off episode's first reading. */
  private static final int STUCK_OFF = TRAINED + 18 * 60 + 9;

  private static List<StoredSeries.Alert> alerts() throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(SensorKind.LAMP.description(), ID), ID, SERIES, START, TRAINED,
        0.7, (m, v) -> v);
  }

  private static boolean alertedAs(List<StoredSeries.Alert> alerts, AnomalyKind kind, int from, int to) {
    return alerts.stream().anyMatch(a -> a.minute() >= from && a.minute() < to && a.detection().kind() == kind);
  }

  @Test
  void aLampAlertedStuckOnThatGoesDarkAsItsScheduleExpectsIsNotStuckOff() throws IOException {
    List<StoredSeries.Alert> alerts = alerts();
    assertThat(alertedAs(alerts, AnomalyKind.STUCK_OFF, SWITCH_OFF, SWITCH_OFF + 150)).isFalse();
  }

  @Test
  void theTestDaysStuckEpisodesStillAlert() throws IOException {
    List<StoredSeries.Alert> alerts = alerts();
    assertThat(alertedAs(alerts, AnomalyKind.STUCK_ON, STUCK_ON, STUCK_ON + 5)).isTrue();
    assertThat(alertedAs(alerts, AnomalyKind.STUCK_OFF, STUCK_OFF, STUCK_OFF + 5)).isTrue();
  }
}
