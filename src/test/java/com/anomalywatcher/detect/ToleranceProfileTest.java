package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A daily warm-up's first step lands in another 10-minute slot each day: each slot's second largest
 * residual leaves it out, while a ramp's tolerance over the window of neighbouring slots leaves out
 * only the largest of them all (B2 seed 42 at 2026-11-28T20:15Z: a heater's first warm-up step of
 * 2.0 °C, after first steps of 0.8–1.9 °C on the seven days before, opened an incident).
 */
class ToleranceProfileTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  /** Minute of day of each day's first warm-up step (08:48 to 09:12) and its residual. */
  private static final int[] START = {549, 530, 528, 540, 552, 549, 542};
  private static final double[] FIRST_STEP = {1.15, 1.29, 1.12, 0.82, 1.2, 1.13, 1.87};

  private static ToleranceProfile week() {
    ToleranceProfile p = new ToleranceProfile(new DayClock(ZoneOffset.UTC));
    for (int day = 0; day < START.length; day++) {
      for (int m = 0; m < 1440; m++) {
        double noise = 0.1 + 0.3 * Math.floorMod(m * 7919 + day, 11) / 10.0;
        double residual = m == START[day] ? FIRST_STEP[day] : (m % 2 == 0 ? noise : -noise);
        p.learn(T0.plus(Duration.ofDays(day).plusMinutes(m)), residual);
      }
    }
    return p;
  }

  @Test
  void aRampsToleranceLeavesOutOneFirstStepOfTheWindowNotOneOfEachSlot() {
    ToleranceProfile p = week();
    Instant at = T0.plus(Duration.ofDays(7).plusMinutes(536)); // 08:56

    double perSlot = p.tolerance(at, 1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS);
    double ramp = p.rampTolerance(at, 1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS);

    assertThat(perSlot).isLessThan(1.2);
    assertThat(ramp).isEqualTo(1.29, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void aRampsToleranceNeverFallsBelowTheSlotsOwn() {
    ToleranceProfile p = week();
    for (int m = 0; m < 1440; m += 7) {
      Instant at = T0.plus(Duration.ofDays(7).plusMinutes(m));
      assertThat(p.rampTolerance(at, 1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS))
          .as("minute %d", m).isGreaterThanOrEqualTo(p.tolerance(at, 1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS));
      assertThat(p.rampTolerance(at, -1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS))
          .as("minute %d", m).isGreaterThanOrEqualTo(p.tolerance(at, -1, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS));
    }
  }

  @Test
  void remembersItsDayWideTolerancesOnlyUntilItLearnsAgain() {
    ToleranceProfile p = week();
    double typical = p.typicalLarge();
    double allDay = p.allDayMax();
    Instant later = T0.plus(Duration.ofDays(7));

    for (int i = 0; i < 200; i++) { // a tenth of a day of large residuals moves both up
      p.learn(later.plusSeconds(60L * i), 5.0);
    }

    assertThat(typical).isEqualTo(week().quantile(ToleranceProfile.TYPICAL_QUANTILE));
    assertThat(p.typicalLarge()).isEqualTo(p.quantile(ToleranceProfile.TYPICAL_QUANTILE)).isGreaterThan(typical);
    assertThat(p.allDayMax()).isGreaterThan(allDay);
  }
}
