package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MillisTest {
  /** Duration.toMillis truncates towards zero, also for a negative gap of less than a millisecond. */
  @Test
  void matchesDurationToTheMillisecondEitherWay() {
    Instant t = Instant.parse("2026-11-02T00:00:00.000700Z");
    Instant[][] pairs = {
        {t, t}, {t, t.plusNanos(1)}, {t.plusNanos(1), t}, {t, t.minusNanos(500_000)}, {t, t.minusNanos(1_500_000)},
        {t, t.plusSeconds(60)}, {t, t.minusSeconds(60).plusNanos(999_999)}, {Instant.EPOCH, t},
        {t, Instant.EPOCH.minusSeconds(86_400L * 365 * 400)},
    };
    for (Instant[] p : pairs) {
      assertThat(Millis.between(p[0], p[1])).as("%s → %s", p[0], p[1]).isEqualTo(Duration.between(p[0], p[1]).toMillis());
    }
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      Instant a = Instant.ofEpochSecond(r.nextLong(-4_000_000_000L, 4_000_000_000L), r.nextInt(1_000_000_000));
      Instant b = r.nextBoolean() ? a.plusNanos(r.nextLong(-10_000_000_000L, 10_000_000_000L))
          : Instant.ofEpochSecond(r.nextLong(-4_000_000_000L, 4_000_000_000L), r.nextInt(1_000_000_000));
      assertThat(Millis.between(a, b)).isEqualTo(Duration.between(a, b).toMillis());
    }
  }
}
