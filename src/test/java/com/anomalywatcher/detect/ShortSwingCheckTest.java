package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortSwingCheck} alone, on a heater at 50 °C whose residual tolerance is 1 °C: three
 * single-reading excursions of alternating sign, each 3 tolerances or more out and back (at least
 * half way), within
 * {@value ShortSwingCheck#MAX_APART} readings of each other, are an oscillation; two, three of one
 * sign, three too far apart, or smaller ones, are not.
 */
class ShortSwingCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorDescription HEATER = SensorKind.HEATER_TEMPERATURE.description();

  /** The highest score the check gives the series (offsets from 50 °C, one a minute), or 0. */
  private static double highest(double... offsets) {
    ShortSwingCheck check = new ShortSwingCheck();
    double highest = 0;
    for (int i = 0; i < offsets.length; i++) {
      PluggedCheck.Reading r = new PluggedCheck.Reading(T0.plus(Duration.ofMinutes(i)), 50 + offsets[i], HEATER,
          false, false, null, false, 60, 0, 0.5, 1.0);
      PluggedCheck.Finding f = check.judge(r, 0, false);
      if (f != null) {
        assertThat(f.kind()).isEqualTo(AnomalyKind.OSCILLATION);
        highest = Math.max(highest, f.score());
      }
    }
    return highest;
  }

  @Test
  void threeAlternatingExcursionsOfOneReadingAreAnOscillation() {
    assertThat(highest(0, 0, 20, 0, -20, 0, 20, 0, 0, 0)).isEqualTo(1.0);
    assertThat(highest(0, 0, 3, 0, -3, 0, 3, 0, 0, 0)).isGreaterThanOrEqualTo(0.7);
    // period two: every reading an excursion
    assertThat(highest(0, 0, 10, -10, 10, -10, 0, 0)).isEqualTo(1.0);
  }

  @Test
  void twoExcursionsAreAGlitchPair() {
    assertThat(highest(0, 0, 20, 0, -20, 0, 0, 0, 0, 0)).isZero();
  }

  @Test
  void excursionsOfOneSignAreGlitches() {
    assertThat(highest(0, 0, 20, 0, 0, 20, 0, 0, 20, 0, 0, 0)).isZero();
  }

  @Test
  void excursionsFarApartAreSeparateGlitches() {
    assertThat(highest(0, 0, 20, 0, 0, 0, 0, 0, -20, 0, 0, 0, 0, 0, 20, 0, 0)).isZero();
  }

  @Test
  void stepsWithinThreeTolerancesAreNoExcursions() {
    assertThat(highest(0, 0, 2.9, 0, -2.9, 0, 2.9, 0, -2.9, 0)).isZero();
  }

  @Test
  void aDropRecoveredOverSeveralReadingsIsNoExcursion() {
    assertThat(highest(0, 0, -15, -11, -7, -4, -2, 0, 0)).isZero();
    // two door openings with a glitch between: each drop comes back less than half way in one reading
    assertThat(highest(0, 0, -16, -10, -4, 0, 10, 0, -16, -10, -4, 0)).isZero();
  }

  @Test
  void aGapForgetsTheRun() {
    ShortSwingCheck check = new ShortSwingCheck();
    double[] offsets = {0, 0, 20, 0, -20, 0, 20, 0};
    double highest = 0;
    for (int i = 0; i < offsets.length; i++) {
      if (i == 5) {
        check.restart();
      }
      PluggedCheck.Reading r = new PluggedCheck.Reading(T0.plus(Duration.ofMinutes(i)), 50 + offsets[i], HEATER,
          false, false, null, false, 60, 0, 0.5, 1.0);
      PluggedCheck.Finding f = check.judge(r, 0, false);
      highest = f == null ? highest : Math.max(highest, f.score());
    }
    assertThat(highest).isZero();
  }
}
