package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A restored {@link ToleranceProfile} holds its histogram as a {@link CountWindow} and its arrays of
 * zeros shared: it answers every question as the profile it was saved from, saves the same state,
 * and one that learns again leaves every other restored profile as it was.
 */
class RestoredProfileTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  /** Two weeks of upward-only residuals (a one-sided profile: its downward maxima stay zero). */
  private static ToleranceProfile learned() {
    ToleranceProfile p = new ToleranceProfile(new DayClock(ZoneOffset.UTC));
    for (int m = 0; m < 14 * 1440; m++) {
      p.learn(T0.plusSeconds(60L * m), 0.05 + 0.4 * Math.floorMod(m * 7919, 101) / 100.0 + (m % 977 == 0 ? 30 : 0));
    }
    return p;
  }

  @Test
  void aRestoredProfileAnswersAndSavesAsTheOneThatLearned() {
    ToleranceProfile learned = learned();
    ToleranceProfile restored = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), learned.state(), new SharedArrays());

    assertThat(restored.state()).usingRecursiveComparison().isEqualTo(learned.state());
    for (double q : new double[] {0, 0.5, 0.9, 0.995, 1}) {
      assertThat(restored.quantile(q)).as("quantile %s", q).isEqualTo(learned.quantile(q));
    }
    assertThat(restored.allDayMax()).isEqualTo(learned.allDayMax());
    assertThat(restored.noiseFloor()).isEqualTo(learned.noiseFloor());
    for (int m = 0; m < 1440; m += 5) {
      Instant at = T0.plus(Duration.ofDays(14).plusMinutes(m));
      for (int sign : new int[] {1, -1}) {
        assertThat(restored.tolerance(at, sign)).isEqualTo(learned.tolerance(at, sign));
        assertThat(restored.rampTolerance(at, sign, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS))
            .isEqualTo(learned.rampTolerance(at, sign, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS));
      }
    }
  }

  @Test
  void aRestoredProfileThatLearnsLeavesTheOthersAsSaved() {
    ToleranceProfile.State saved = learned().state();
    ToleranceProfile.State empty = new ToleranceProfile(new DayClock(ZoneOffset.UTC)).state();
    ToleranceProfile other = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), saved, new SharedArrays());
    ToleranceProfile otherEmpty = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), empty, new SharedArrays());
    ToleranceProfile learning = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), saved, new SharedArrays());
    ToleranceProfile learningEmpty = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), empty, new SharedArrays());

    for (int m = 0; m < 1440; m++) {
      learning.learn(T0.plusSeconds(60L * m), m % 2 == 0 ? 3.0 : -3.0);
      learningEmpty.learn(T0.plusSeconds(60L * m), m % 2 == 0 ? 3.0 : -3.0);
    }

    assertThat(learning.count()).isEqualTo(saved.count() + 1440);
    assertThat(learningEmpty.count()).isEqualTo(1440);
    assertThat(other.state()).usingRecursiveComparison().isEqualTo(saved);
    assertThat(otherEmpty.state()).usingRecursiveComparison().isEqualTo(empty);
  }

  @Test
  void profilesOfOneRestoreShareWhatTheyLearnedAlikeAndLearnApart() {
    ToleranceProfile.State saved = learned().state();
    SharedArrays shared = new SharedArrays();
    ToleranceProfile first = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), saved, shared);
    ToleranceProfile second = ToleranceProfile.restore(new DayClock(ZoneOffset.UTC), saved, shared);
    float[] counts = {1, 2, 3};
    assertThat(shared.share(counts.clone())).isSameAs(shared.share(counts.clone())).isEqualTo(counts);
    assertThat(shared.share(new int[] {1, 2})).isNotSameAs(shared.share(new int[] {1, 3}));

    for (int m = 0; m < 1440; m++) {
      second.learn(T0.plusSeconds(60L * m), m % 2 == 0 ? 3.0 : -3.0);
    }

    assertThat(first.state()).usingRecursiveComparison().isEqualTo(saved);
    assertThat(second.count()).isEqualTo(saved.count() + 1440);
    assertThat(second.state().slotMaxDown()).isNotEqualTo(saved.slotMaxDown());
  }

  @Test
  void aWindowGivesBackEveryCount() {
    long[] bins = new long[ToleranceProfile.BINS];
    bins[7] = 3;
    bins[9] = 1L << 30;
    bins[120] = 1;
    CountWindow w = CountWindow.of(bins);
    assertThat(w.toLongs(bins.length)).isEqualTo(bins);
    assertThat(w.get(0)).isZero();
    assertThat(w.get(9)).isEqualTo(1L << 30);
    assertThat(CountWindow.of(new long[5]).toLongs(5)).containsOnly(0L);
    bins[9] = 1L << 31;
    assertThat(CountWindow.of(bins)).as("a count past an int stays a long").isNull();
  }
}
