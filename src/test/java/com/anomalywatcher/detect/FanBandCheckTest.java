package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FanBandCheck} alone, on a fan trained for 6 days at 700 rpm (Gaussian noise of 4 rpm, seed
 * 7) whose every tenth hour runs at a second speed of 850 rpm: a rise to 725 rpm held 20 readings
 * alerts overspeed from its 13th reading (three levels of five readings, the oldest above once three
 * of its readings are); the same rise whose first reading another check scored at
 * the alert level opens nothing (that fault was notified); one held in an incident below the alert
 * level still alerts.
 */
class FanBandCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final SensorDescription FAN = SensorKind.FAN_SPEED.description();
  private static final int TRAINED = 6 * 1440;
  private static final int RISE = 20;

  private static PluggedCheck.Reading reading(int minute, double rpm, boolean training) {
    return new PluggedCheck.Reading(T0.plus(Duration.ofMinutes(minute)), rpm, FAN, training, false, null, true, 60,
        700, 6, 12);
  }

  /** The minutes of the rise (0 its first reading) the check alerts, the rise's first reading scored {@code firstScore}. */
  private static List<Integer> alertedMinutes(double firstScore, boolean incidentOpen) {
    Random noise = new Random(7);
    FanBandCheck check = new FanBandCheck();
    for (int m = 0; m < TRAINED; m++) {
      double level = (m / 60) % 10 == 9 ? 850 : 700;
      check.judge(reading(m, Math.round(level + 4 * noise.nextGaussian()), true), 0, false);
    }
    check = FanBandCheck.restore(check.state());
    List<Integer> alerted = new ArrayList<>();
    for (int k = -30; k < RISE + 10; k++) {
      double level = k >= 0 && k < RISE ? 725 : 700;
      double score = k == 0 ? firstScore : 0;
      PluggedCheck.Finding f = check.judge(reading(TRAINED + 30 + k, Math.round(level + 4 * noise.nextGaussian()),
          false), score, incidentOpen && k >= 0 && k < RISE);
      if (f != null) {
        assertThat(f.kind()).isEqualTo(AnomalyKind.OVERSPEED);
        alerted.add(k);
      }
    }
    return alerted;
  }

  @Test
  void aRiseHeldAboveTheBandAlertsFromItsThirdLevel() {
    // the oldest of the three levels is a median of five: above once three of its readings are
    assertThat(alertedMinutes(0, false)).first().isEqualTo(3 * FanBandCheck.READINGS_PER_LEVEL - 3);
    assertThat(alertedMinutes(0, false)).allSatisfy(k -> assertThat(k).isBetween(12, RISE + 1));
  }

  @Test
  void aRiseAnotherCheckAlreadyAlertedOpensNothing() {
    assertThat(alertedMinutes(0.9, false)).isEmpty();
  }

  @Test
  void anIncidentHeldBelowTheAlertLevelDoesNotSilenceIt() {
    assertThat(alertedMinutes(0.5, true)).isNotEmpty();
  }
}
