package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A vibration's swing as an alert states it never leaves what the sensor can show. */
class SwingTest {
  @Test
  void aSwingIsKeptInsideThePhysicalRangeAndItsUsualStepInsideWhatTheSensorHasShown() {
    assertThat(new Swing(-3, 1040, 6, 800).within(0, 1000, 690)).isEqualTo(new Swing(0, 1000, 6, 690));
    assertThat(new Swing(0, 27.4, 6, 2.6).within(0, 1000, 690)).isEqualTo(new Swing(0, 27.4, 6, 2.6));
  }

  @Test
  void aSensorThatHasShownNothingYetBoundsTheStepByItsPhysicalRange() {
    assertThat(new Swing(0, 20, 6, 5000).within(0, 1000, Double.POSITIVE_INFINITY))
        .isEqualTo(new Swing(0, 20, 6, 1000));
  }
}
