package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GapProfileTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  /** A history of {@code readings} minutes that loses runs of the given lengths every so often. */
  private static GapProfile history(int readings, int[] lostRuns, long seed) {
    GapProfile p = new GapProfile();
    Random random = new Random(seed);
    for (int m = 0; m < readings; m++) {
      if (m > 10 && random.nextDouble() < 0.005) {
        m += lostRuns[random.nextInt(lostRuns.length)];
      }
      p.note(T0.plus(Duration.ofMinutes(m)));
    }
    return p;
  }

  @Test
  void toleratesOneMoreThanTheLongestUsualRunOfLostReadings() {
    assertThat(history(20_000, new int[] {1, 1, 1, 2, 3, 4}, 1).toleratedMissing()).isEqualTo(5);
    assertThat(history(20_000, new int[] {1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2).toleratedMissing()).isEqualTo(12);
  }

  @Test
  void aThinHistoryMissingTheMiddleLengthsTakesItsOwnRunsUpToTheFleetsUsualRun() {
    // mostly single lost readings, a few runs of 4 to 6 and none of 2 or 3: the cluster ends at 1
    GapProfile p = history(20_000, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 5, 6}, 5);
    assertThat(p.longestUsualRun()).isEqualTo(1);
    assertThat(p.toleratedMissing()).as("its own history alone").isEqualTo(2);
    assertThat(p.toleratedMissing(6)).as("the fleet's dropouts run to 6").isEqualTo(7);
    assertThat(p.toleratedMissing(4)).as("the fleet's dropouts run to 4").isEqualTo(5);
  }

  @Test
  void aSensorThatNeverLostAsManyAsTheFleetKeepsItsOwnTolerance() {
    GapProfile p = history(20_000, new int[] {1, 1, 2, 3}, 9);
    assertThat(p.longestUsualRun()).isEqualTo(3);
    assertThat(p.toleratedMissing(6)).isEqualTo(4);
  }

  @Test
  void anOutageInTheHistoryIsNotLearnedAsUsual() {
    GapProfile p = history(10_000, new int[] {1, 1, 2, 3}, 3);
    int m = 10_000 + 40; // 39 readings lost
    for (; m < 20_000; m++) {
      p.note(T0.plus(Duration.ofMinutes(m)));
    }
    assertThat(p.longestUsualRun()).isEqualTo(3);
    assertThat(p.toleratedMissing()).isEqualTo(4);
  }

  @Test
  void aHistoryThatNeverLostAReadingStillToleratesALostReadingOrTwo() {
    assertThat(history(5_000, new int[] {0}, 4).toleratedMissing()).isEqualTo(GapProfile.MIN_TOLERANCE);
  }

  @Test
  void tooShortAHistoryKeepsTheUnlearnedTolerance() {
    assertThat(history(500, new int[] {1}, 5).toleratedMissing()).isEqualTo(GapProfile.UNLEARNED_TOLERANCE);
  }

  @Test
  void survivesSavingAndRestoring() {
    GapProfile p = history(20_000, new int[] {1, 2, 5}, 6);
    GapProfile restored = GapProfile.restore(p.state());
    assertThat(restored.toleratedMissing()).isEqualTo(p.toleratedMissing());
    assertThat(restored.intervalMillis()).isEqualTo(60_000);
  }
}
