package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeldStepRangeTest {
  private static final double NO_MIN = Double.NEGATIVE_INFINITY;
  private static final double NO_MAX = Double.POSITIVE_INFINITY;

  @Test
  void aValueOutsideTheBandKeepsTheWholeBand() {
    HeldStepRange r = HeldStepRange.around(31.0, 0.6, 29.0, NO_MIN, NO_MAX);

    assertThat(r.low()).isCloseTo(30.4, within(1e-9));
    assertThat(r.high()).isCloseTo(31.6, within(1e-9));
  }

  @Test
  void aDropStillInsideTheBandGetsTheBandOnTheBaselineSideAboveIt() {
    // the walkthrough's "30.5 °C at 07:39 Tue (local) — drop" with a baseline of 31.0 ± 0.9: no range shown
    HeldStepRange r = HeldStepRange.around(31.0, 0.9, 30.5, NO_MIN, NO_MAX);

    assertThat(r.low()).isCloseTo(30.75, within(1e-9)).isGreaterThan(30.5);
    assertThat(r.high()).isCloseTo(31.9, within(1e-9));
  }

  @Test
  void aRiseStillInsideTheBandGetsTheBandOnTheBaselineSideBelowIt() {
    HeldStepRange r = HeldStepRange.around(20.0, 3.0, 22.0, NO_MIN, NO_MAX);

    assertThat(r.low()).isCloseTo(17.0, within(1e-9));
    assertThat(r.high()).isCloseTo(21.0, within(1e-9)).isLessThan(22.0);
  }

  @Test
  void staysWithinThePhysicalRange() {
    // a fan at 0 rpm whose baseline of 300 rpm has a band reaching below 0
    HeldStepRange r = HeldStepRange.around(300, 400, 0, 0, 2000);

    assertThat(r.low()).isCloseTo(150, within(1e-9));
    assertThat(r.high()).isCloseTo(700, within(1e-9));
    assertThat(HeldStepRange.around(1990, 40, 1900, 0, 2000).high()).isCloseTo(2000, within(1e-9));
  }

  @Test
  void aValueAtTheBaselineKeepsThePlainBand() {
    HeldStepRange r = HeldStepRange.around(5.0, 1.0, 5.0, NO_MIN, NO_MAX);

    assertThat(r.low()).isCloseTo(4.0, within(1e-9));
    assertThat(r.high()).isCloseTo(6.0, within(1e-9));
  }
}
