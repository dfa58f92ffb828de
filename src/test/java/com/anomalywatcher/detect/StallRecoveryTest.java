package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fan that stalls while switched on and spins back up to the speed it ran at, slowing down as it
 * gets there (B2's seed 1234 at 2026-12-01T18:00Z: 596 rpm, 9.5 rpm for six readings, then 388 →
 * 522 → 593 → 594 rpm). The stall alerts; the recovery's last steps are no trend to carry on past
 * the speed held before (expected at 628 rpm, the 594 rpm after 593 opened a "stall" alert), and no
 * reading is explained as "back from" a value it hardly differs from.
 */
class StallRecoveryTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final String SWITCH = "fanswitch-restaurant-000001";
  private static final String FAN = "fan-restaurant-000002";
  private static final double NOMINAL = 596;
  private static final double[] STALL = {9.5, 8.7, 10.2, 9.0, 11.6, 10.3};
  private static final double[] RECOVERY = {388, 521.9, 593, 594};

  private static Instant minute(int i) {
    return T0.plus(Duration.ofMinutes(i));
  }

  private static boolean switchedOn(int i) {
    int m = Math.floorMod(i, 1440);
    return m >= 8 * 60 && m < 20 * 60;
  }

  /** On from 08:00 to 20:00 at its nominal speed with a few rpm of noise (no randomness), spinning up and coasting. */
  private static double rpm(int i) {
    int m = Math.floorMod(i, 1440);
    double noise = Math.floorMod(i * 7919, 9) - 4;
    if (switchedOn(i)) {
      int sinceOn = m - 8 * 60;
      return sinceOn < 10 ? Math.round(NOMINAL * (1 - Math.exp(-(sinceOn + 1) / 1.8))) : NOMINAL + noise;
    }
    int sinceOff = m >= 20 * 60 ? m - 20 * 60 : m + 4 * 60;
    return sinceOff < 15 ? Math.round(NOMINAL * Math.exp(-(sinceOff + 1) / 1.8)) : 0;
  }

  private static FleetDetector trained(int days) {
    FleetDetector fleet = new FleetDetector();
    fleet.add(SWITCH, "0", SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), SWITCH));
    fleet.add(FAN, "0", SensorDetector.fresh(SensorKind.FAN_SPEED.description(), FAN));
    for (int i = 0; i < days * 1440; i++) {
      fleet.train(SWITCH, minute(i), switchedOn(i) ? 1 : 0);
      fleet.train(FAN, minute(i), rpm(i));
    }
    return fleet;
  }

  private record Seen(double rpm, Detection verdict) {}

  /** The fan's readings and verdicts from 12:00 of the fourth day: a stall at 12:29, its recovery, then normal running until 13:30. */
  private static List<Seen> stalledAndRecovered() {
    FleetDetector fleet = trained(3);
    int day = 3 * 1440;
    for (int i = day; i < day + 12 * 60; i++) {
      fleet.observe(SWITCH, minute(i), switchedOn(i) ? 1 : 0);
      fleet.observe(FAN, minute(i), rpm(i));
    }
    List<Seen> out = new ArrayList<>();
    int stall = day + 12 * 60 + 29;
    for (int i = day + 12 * 60; i < day + 13 * 60 + 30; i++) {
      int k = i - stall;
      double v = k < 0 || k >= STALL.length + RECOVERY.length ? rpm(i)
          : k < STALL.length ? STALL[k] : RECOVERY[k - STALL.length];
      fleet.observe(SWITCH, minute(i), 1);
      out.add(new Seen(v, fleet.observe(FAN, minute(i), v)));
    }
    return out;
  }

  @Test
  void theStallAlertsAndTheSlowingRecoveryDoesNot() {
    List<Seen> seen = stalledAndRecovered();
    int stall = 29;
    int arrived = stall + STALL.length + 2; // 593 rpm

    assertThat(seen.get(stall).verdict().score()).isGreaterThanOrEqualTo(0.7);
    assertThat(seen.get(stall).verdict().kind()).isEqualTo(AnomalyKind.STALL);
    for (int k = arrived; k < seen.size(); k++) {
      assertThat(seen.get(k).verdict().score()).as("reading %d after the stall began", k - stall).isLessThan(0.7);
    }
  }

  @Test
  void noReadingIsBackFromAValueItHardlyDiffersFrom() {
    for (Seen s : stalledAndRecovered()) {
      if (s.verdict().isReturn()) {
        // a return is made by the reading itself: far more than the fan's few rpm of noise
        assertThat(Math.abs(s.rpm() - s.verdict().returnedFrom())).as("%s rpm back from %s rpm", s.rpm(),
            s.verdict().returnedFrom()).isGreaterThan(20.0);
      }
    }
  }
}
