package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SlidingMax} is, value for value, a {@link Math#max} over the newest values added. */
class SlidingMaxTest {
  @Test
  void isTheMaxOfTheNewestValuesEveryTime() {
    long seed = 20261208;
    SplittableRandom random = new SplittableRandom(seed);
    for (int size : new int[] {1, 2, 3, 30, 110}) {
      SlidingMax max = new SlidingMax(size);
      double[] added = new double[3000];
      for (int i = 0; i < added.length; i++) {
        // few distinct values, so that ties are common; signed zeros and a NaN now and then
        int pick = random.nextInt(40);
        added[i] = pick == 0 ? Double.NaN : pick == 1 ? -0.0 : pick == 2 ? 0.0 : random.nextInt(-5, 6) * 0.5;
        max.add(added[i]);
        double expected = Double.NEGATIVE_INFINITY;
        for (int j = Math.max(0, i - size + 1); j <= i; j++) {
          expected = Math.max(expected, added[j]);
        }
        assertThat(Double.doubleToLongBits(max.max())).as("seed %d, size %d, value %d", seed, size, i)
            .isEqualTo(Double.doubleToLongBits(expected));
      }
    }
  }

  @Test
  void isNaNBeforeTheFirstValue() {
    assertThat(new SlidingMax(5).max()).isNaN();
  }

  @Test
  void rejectsAnEmptyWindow() {
    assertThatThrownBy(() -> new SlidingMax(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size >= 1, got 0");
  }
}
