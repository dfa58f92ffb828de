package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A restored {@link LevelProfile} holds its counts as bytes while each fits one: it answers and
 * saves as the profile it was saved from, with counts that fit a byte and with counts that do not,
 * and learns on from them.
 */
class RestoredLevelsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  private static LevelProfile learned(int weeks, int secondsApart) {
    LevelProfile p = new LevelProfile(new DayClock(ZoneOffset.UTC));
    for (long s = 0; s < weeks * 7 * 86_400L; s += secondsApart) {
      double minuteOfDay = (s % 86_400) / 60.0;
      p.learn(T0.plusSeconds(s), 20 + (minuteOfDay > 480 && minuteOfDay < 1200 ? 180 : 0) + Math.floorMod(s * 31, 7));
    }
    return p;
  }

  @Test
  void aRestoredProfileAnswersAndSavesAsTheOneThatLearned() {
    // two weeks of 1-minute readings: 20 a cell (bytes); a week of 2-second readings: 300 a cell (ints)
    for (LevelProfile learned : new LevelProfile[] {learned(2, 60), learned(1, 2)}) {
      LevelProfile restored = LevelProfile.restore(new DayClock(ZoneOffset.UTC), learned.state());

      assertThat(restored.state()).usingRecursiveComparison().isEqualTo(learned.state());
      for (int m = 0; m < 7 * 1440; m += 13) {
        Instant at = T0.plus(Duration.ofDays(14).plusMinutes(m));
        assertThat(restored.range(at, 2)).as("minute %d", m).isEqualTo(learned.range(at, 2));
        assertThat(restored.isUsual(at, 150, 3)).isEqualTo(learned.isUsual(at, 150, 3));
      }
    }
  }

  @Test
  void aRestoredProfileLearnsOnFromItsCounts() {
    LevelProfile learned = learned(2, 60);
    LevelProfile restored = LevelProfile.restore(new DayClock(ZoneOffset.UTC), learned.state());
    for (int m = 0; m < 1440; m++) {
      learned.learn(T0.plus(Duration.ofDays(14).plusMinutes(m)), 500);
      restored.learn(T0.plus(Duration.ofDays(14).plusMinutes(m)), 500);
    }
    assertThat(restored.state()).usingRecursiveComparison().isEqualTo(learned.state());
  }

  @Test
  void remembersARangeOnlyUntilItLearnsAgainAndHandsOutCopies() {
    LevelProfile p = learned(2, 60);
    Instant at = T0.plus(Duration.ofDays(14).plusMinutes(600)); // 10:00, levels 200–206
    assertThat(p.isUsual(at, 300, 0)).isFalse();
    double[] drawn = p.range(at, 2);
    drawn[1] = 1000; // a caller's copy: the profile's answers do not change with it

    assertThat(p.isUsual(at, 300, 0)).isFalse();
    p.learn(at, 300);

    assertThat(p.isUsual(at, 300, 0)).isTrue();
    assertThat(p.range(at, 2)[1]).isEqualTo(300);
  }
}
