package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadingRingTest {
  @Test
  void countsBackFromTheNewestAcrossTheWrap() {
    ReadingRing ring = new ReadingRing(4, 2);
    for (int i = 1; i <= 6; i++) {
      ring.push(i * 60_000L, i * 10.0);
    }

    assertThat(ring.isFull()).isTrue();
    assertThat(ring.size()).isEqualTo(4);
    assertThat(new double[] {ring.back(0), ring.back(1), ring.back(2), ring.back(3)})
        .containsExactly(60.0, 50.0, 40.0, 30.0);
  }

  @Test
  void fillsOneReadingAtATime() {
    ReadingRing ring = new ReadingRing(3, 3);
    assertThat(ring.size()).isZero();

    ring.push(0, 1.5);
    ring.push(60_000, 2.5);

    assertThat(ring.size()).isEqualTo(2);
    assertThat(ring.isFull()).isFalse();
    assertThat(ring.back(0)).isEqualTo(2.5);
    assertThat(ring.back(1)).isEqualTo(1.5);
  }

  @Test
  void measuresTimeBackOnlyAsFarAsItKeepsTimes() {
    ReadingRing ring = new ReadingRing(10, 3);
    long[] at = {0, 60_000, 120_000, 300_000, 360_000};
    for (long t : at) {
      ring.push(t, 0);
    }

    assertThat(ring.millisSince(0)).isZero();
    assertThat(ring.millisSince(1)).isEqualTo(60_000);
    assertThat(ring.millisSince(2)).isEqualTo(240_000);
  }

  @Test
  void statesDurationsInMinutesAndHours() {
    assertThat(ReadingRing.duration(45, 60)).isEqualTo("45 min");
    assertThat(ReadingRing.duration(60, 60)).isEqualTo("1 h 0 min");
    assertThat(ReadingRing.duration(125, 60)).isEqualTo("2 h 5 min");
    assertThat(ReadingRing.duration(61, 30)).isEqualTo("31 min");
  }

  @Test
  void rejectsAnEmptyCapacity() {
    assertThatThrownBy(() -> new ReadingRing(0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity").hasMessageContaining("0");
  }
}
