package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The held level shift: a step the readings hold makes one; a glitch, a ramp or a recovery does not. */
class LevelShiftTest {
  private static final double NOISE = 0.15;

  /** Feeds a flat noisy baseline, then {@code after}; returns the largest shift seen during {@code after}. */
  private static double largest(LevelShift s, Random r, double... after) {
    for (int i = 0; i < LevelShift.BEFORE + 10; i++) {
      s.observe(20 + NOISE * r.nextGaussian());
    }
    double largest = 0;
    for (double v : after) {
      double shift = s.observe(v);
      largest = Math.abs(shift) > Math.abs(largest) ? shift : largest;
    }
    return largest;
  }

  @Test
  void aHeldStepShiftsByItsSizeOnceItIsHeld() {
    Random r = new Random(1);
    LevelShift s = new LevelShift(3, 0.5);
    for (int i = 0; i < LevelShift.BEFORE + 10; i++) {
      assertThat(s.observe(20 + NOISE * r.nextGaussian())).isLessThan(5 * NOISE);
    }
    assertThat(s.observe(22.4)).isZero(); // one reading: not held yet
    assertThat(s.observe(22.3)).isZero();
    assertThat(s.observe(22.5)).isBetween(2.0, 2.5);
    assertThat(s.baseline()).isBetween(19.8, 20.2);
  }

  @Test
  void downwardStepsShiftDownward() {
    assertThat(largest(new LevelShift(3, 0.5), new Random(2), 17.6, 17.5, 17.7, 17.6)).isBetween(-2.5, -2.0);
  }

  @Test
  void aSingleReadingGlitchNeverShifts() {
    assertThat(largest(new LevelShift(3, 0.5), new Random(3), 64, 20.1, 19.9, 20.0, 20.1)).isLessThan(5 * NOISE);
  }

  @Test
  void aSteadyRampIsFollowed() {
    Random r = new Random(4);
    LevelShift s = new LevelShift(3, 0.5);
    double largest = 0;
    for (int i = 0; i < 60; i++) {
      largest = Math.max(largest, Math.abs(s.observe(20 + 2.0 * i + NOISE * r.nextGaussian())));
    }
    assertThat(largest).isLessThan(5 * NOISE);
  }

  @Test
  void aDoorOpeningThatRecoversDoesNotHoldFiveReadings() {
    // a hot oven loses 20 degrees and heats back within a few minutes
    double[] door = {191.9, 171.6, 167.3, 173.7, 181.0, 185.9, 188.3, 190.0, 191.2, 191.5, 192.2};
    Random r = new Random(5);
    LevelShift s = new LevelShift(5, 1);
    for (int i = 0; i < LevelShift.BEFORE + 10; i++) {
      s.observe(192 + 0.3 * r.nextGaussian());
    }
    for (double v : door) {
      assertThat(s.observe(v)).isZero();
    }
  }

  @Test
  void aRampThatKeepsMovingIsNotFlat() {
    // settling towards a new level: while each reading is still far from the last, nothing is held
    assertThat(largest(new LevelShift(3, 0.5), new Random(6), 17, 14, 11.5)).isZero();
  }

  @Test
  void tellsARampUnderWayFromAHeldLevel() {
    Random r = new Random(9);
    LevelShift s = new LevelShift(5, 1);
    for (int i = 0; i < LevelShift.BEFORE + 10; i++) {
      s.observe(195 + 0.2 * r.nextGaussian());
    }
    // heating towards a new setpoint, slowing down: far from the baseline, flat enough, still rising
    double shift = 0;
    for (double v : new double[] {198.4, 200.3, 201.9, 204.0, 205.4, 207.1, 208.3, 209.6}) {
      shift = s.observe(v);
    }
    assertThat(shift).isPositive();
    assertThat(s.isRamp()).isTrue();
    for (double v : new double[] {209.4, 209.8, 209.5, 209.7, 209.6}) {
      s.observe(v);
    }
    assertThat(s.isRamp()).isFalse();
  }

  @Test
  void tellsAPlumeDecayingAfterItsPeakFromAHeldLevel() {
    Random r = new Random(10);
    // a particulate sensor's dust plume (recorded, B2 at 2026-12-03T07:57Z, seed 1234): up over four
    // readings, then two readings on the way back that have given up more than a quarter of the peak
    LevelShift plume = new LevelShift(5, 1);
    assertThat(lastShift(plume, r, 13.5, 14.8, 17.2, 18.3, 16.9, 15.9)).isPositive();
    assertThat(plume.isDecaying()).isTrue();

    // a calibration error: one jump, then held with noise, one reading slightly back is no decay
    LevelShift held = new LevelShift(5, 1);
    assertThat(lastShift(held, r, 15.8, 16.1, 15.9, 16.2, 16.0, 15.9)).isPositive();
    assertThat(held.isDecaying()).isFalse();
  }

  /** Feeds a particulate background of 10 ± 0.3 µg/m³, then {@code after}; returns the last shift. */
  private static double lastShift(LevelShift s, Random r, double... after) {
    for (int i = 0; i < LevelShift.BEFORE + 10; i++) {
      s.observe(10 + 0.3 * r.nextGaussian());
    }
    double shift = 0;
    for (double v : after) {
      shift = s.observe(v);
    }
    return shift;
  }

  @Test
  void recognisesAReturnToALevelHeldBefore() {
    Random r = new Random(7);
    LevelShift s = new LevelShift(3, 0.5);
    for (int i = 0; i < 40; i++) {
      s.observe(20 + NOISE * r.nextGaussian());
    }
    for (int i = 0; i < 30; i++) {
      s.observe(23 + NOISE * r.nextGaussian());
    }
    assertThat(s.isReturn(20.1, 0.5)).isTrue();
    assertThat(s.isReturn(26, 0.5)).isFalse();
    s.restart();
    assertThat(s.isReturn(20.1, 0.5)).isFalse();
  }

  @Test
  void keepingTheBaselineSortedPerReadingGivesWhatSortingAfreshGives() {
    Random r = new Random(8);
    int span = 3 + LevelShift.BEFORE;
    double[] series = new double[400];
    for (int i = 0; i < series.length; i++) { // steps, ties and noise
      series[i] = (i / 37 % 3) * 2.0 + Math.round(4 * r.nextGaussian()) / 4.0;
    }
    LevelShift running = new LevelShift(3, 1);
    for (int i = 0; i < series.length; i++) {
      double shift = running.observe(series[i]);
      if (i >= span - 1) {
        LevelShift fresh = new LevelShift(3, 1);
        double expected = 0;
        for (int k = i - span + 1; k <= i; k++) {
          expected = fresh.observe(series[k]);
        }
        assertThat(shift).as("reading %d", i).isEqualTo(expected);
        assertThat(running.baseline()).isEqualTo(fresh.baseline());
      }
    }
  }

  @Test
  void refusesAShiftThatNeedsNoHolding() {
    assertThatThrownBy(() -> new LevelShift(1, 0.5)).hasMessageContaining("got 1");
  }
}
