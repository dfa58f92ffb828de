package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fan that runs back up to its nominal speed after a stall longer than the detector remembers
 * readings of its running speed, on the stored readings of acceptance B2's commands (seed 808, clock
 * 2026-12-01T11:11Z: clean world, 1-minute readings of {@code fan-restaurant-5a8a80} and its site's
 * switch, trained for 7 days, then scored as the monitor does). Three readings after the monitor
 * started, at 11:14, the fan stalled (10–18 rpm, switch on) until 11:40, then ran up 400.8 → 531.5 →
 * 608 rpm (nominal about 610) and ran steady at 606–616 rpm. The run-up's last step (+77 rpm) was
 * carried on to 646 rpm, so 606 rpm at 11:44 was an onset 40 rpm below it and "609 rpm — vibration"
 * alerted from 11:45 (B2's only false alert there, vibration precision 0.950). The nominal speed
 * learned from the history is a level the run-up arrives at however long ago it was held. The stall
 * itself alerts on every reading while the fan stands still ({@link StallHeldOpenTest}).
 */
class RunUpToNominalTest {
  private static final Instant START = Instant.parse("2026-11-23T11:11:00Z");
  private static final int TRAINED = 7 * 1440;
  private static final int STALL = TRAINED + 3; // 11-30 11:14
  private static final int RUN_UP = TRAINED + 30; // 400.8 rpm at 11:41
  private static final int ARRIVED = TRAINED + 32; // 608 rpm at 11:43
  /** The labelled vibration of the next day, 10:25–10:46. */
  private static final int VIBRATION = TRAINED + 1394;
  private static final int VIBRATION_END = TRAINED + 1415;

  private static List<StoredSeries.Alert> alerts(java.util.function.DoubleBinaryOperator change) throws IOException {
    return StoredFan.alerts("fan-restaurant-5a8a80", "b2/fan-restaurant-stall-end.csv", "fanswitch-restaurant-4b57ea",
        "b2/fanswitch-restaurant-stall-end.csv", null, START, TRAINED, change);
  }

  private static boolean alertsWithin(List<StoredSeries.Alert> alerts, int from, int to) {
    return alerts.stream().anyMatch(a -> a.minute() >= from && a.minute() < to);
  }

  @Test
  void theStallAlertsAndTheRunUpArrivingAtNominalSpeedDoesNot() throws IOException {
    List<StoredSeries.Alert> alerts = alerts((minute, rpm) -> rpm);

    assertThat(alerts).filteredOn(a -> a.minute() >= STALL && a.minute() < RUN_UP).as("the stall")
        .hasSize(RUN_UP - STALL).allSatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.STALL));
    assertThat(alerts).filteredOn(a -> a.minute() >= RUN_UP && a.minute() < VIBRATION).as("from the run-up on")
        .isEmpty();
    assertThat(alertsWithin(alerts, VIBRATION, VIBRATION_END)).as("the next day's vibration").isTrue();
  }

  /**
   * The look-alike: the fan starts to vibrate (±90 rpm every reading) as soon as it is back at
   * speed, its first swing either way; the first one down lies nearer the last reading than the
   * carried-on run-up, where arriving at the nominal speed changes the prediction. (A fall that holds
   * a lower speed is no look-alike: while switched on, a fan below its nominal speed may be at its
   * second speed, which the switch and stall checks judge, on main as with this change.)
   */
  @ParameterizedTest(name = "first swing {0}")
  @ValueSource(ints = {1, -1})
  void aVibrationRightAfterTheRunUpStillAlerts(int firstSwing) throws IOException {
    int end = ARRIVED + 18;
    List<StoredSeries.Alert> alerts = alerts((minute, rpm) ->
        minute > ARRIVED && minute < end ? rpm + firstSwing * ((((int) minute - ARRIVED) & 1) == 1 ? 90 : -90) : rpm);

    StoredSeries.Alert first = alerts.stream().filter(a -> a.minute() > ARRIVED).findFirst().orElseThrow();
    assertThat(first.minute()).as("the vibration's first alert").isLessThan(ARRIVED + 4);
    assertThat(first.detection().kind()).isEqualTo(AnomalyKind.VIBRATION);
  }
}
