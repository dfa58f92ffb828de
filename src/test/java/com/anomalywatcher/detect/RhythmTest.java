package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** "Rhythm if the history shows one": a daily or weekly profile learned by the generic check, or none. */
class RhythmTest {
  private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(10);
  private static final long SEED = 7;

  /** {@code n} readings every 10 min: the level of the hour of the week plus noise. */
  private static double[] series(int n, java.util.function.IntToDoubleFunction levelOfHourOfWeek, double sigma) {
    Random r = new Random(SEED);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int hourOfWeek = Rhythm.hourOfWeek(MONDAY.plus(STEP.multipliedBy(i)), null);
      v[i] = levelOfHourOfWeek.applyAsDouble(hourOfWeek) + sigma * r.nextGaussian();
    }
    return v;
  }

  private static int[] hours(int n) {
    int[] h = new int[n];
    for (int i = 0; i < n; i++) {
      h[i] = Rhythm.hourOfWeek(MONDAY.plus(STEP.multipliedBy(i)), null);
    }
    return h;
  }

  private static double daily(int hourOfWeek) {
    return 20 + 10 * Math.sin(2 * Math.PI * (hourOfWeek % 24) / 24.0);
  }

  @Test
  void hourOfWeekStartsOnMondayAndFollowsTheZone() {
    assertThat(Rhythm.hourOfWeek(MONDAY, null)).isZero();
    assertThat(Rhythm.hourOfWeek(MONDAY.plus(Duration.ofHours(167)), null)).isEqualTo(167);
    assertThat(Rhythm.hourOfWeek(MONDAY.minus(Duration.ofHours(1)), ZoneId.of("Europe/Berlin"))).isZero();
  }

  @Test
  void learnsADailyProfileWhenTheDaysRepeat() {
    int n = 6 * 144; // six days at 10 min
    Rhythm r = Rhythm.learn(series(n, RhythmTest::daily, 1), hours(n), n, n / 144.0);
    assertThat(r).isNotNull();
    assertThat(r.isWeekly()).isFalse();
    assertThat(r.level(6)).as("06:00, the daily high").isBetween(28.0, 32.0);
    assertThat(r.level(18)).as("18:00, the daily low").isBetween(8.0, 12.0);
  }

  @Test
  void learnsAWeeklyProfileWhenWeekendsDiffer() {
    int n = 3 * 7 * 144; // three weeks
    Rhythm r = Rhythm.learn(series(n, h -> h >= 5 * 24 ? 5 : 40, 1), hours(n), n, n / 144.0);
    assertThat(r).isNotNull();
    assertThat(r.isWeekly()).isTrue();
    assertThat(r.level(6 * 24 + 3)).as("Sunday").isBetween(3.0, 7.0);
    assertThat(r.level(2 * 24 + 3)).as("Wednesday").isBetween(38.0, 42.0);
  }

  @Test
  void learnsNoneFromNoiseOrTooShortAHistory() {
    int n = 3 * 7 * 144;
    assertThat(Rhythm.learn(series(n, h -> 50, 3), hours(n), n, n / 144.0)).isNull();
    int short2 = 2 * 144;
    assertThat(Rhythm.learn(series(short2, RhythmTest::daily, 1), hours(short2), short2, 2.0)).isNull();
  }

  @Test
  void theGenericDetectorFlagsADaytimeValueAtNightWithinTheRangeEverSeen() {
    // 14 days: an office that warms to 30 by day and cools to 10 at night.
    int n = 14 * 144;
    double[] history = series(n, RhythmTest::daily, 0.5);
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "°C", null), "office-1");
    for (int i = 0; i < n; i++) {
      d.train(MONDAY.plus(STEP.multipliedBy(i)), history[i], null);
    }
    // 18:00, when it is usually 10: 28 is well inside everything seen (10..30), but not at this hour.
    Instant evening = MONDAY.plus(Duration.ofDays(14)).plus(Duration.ofHours(18));
    Detection odd = d.observe(evening, 28, null);
    assertThat(odd.score()).as("seed %d", SEED).isGreaterThanOrEqualTo(0.7);
    assertThat(odd.expectedHigh()).isLessThan(20);
    assertThat(odd.expectedLow()).isGreaterThanOrEqualTo(java.util.Arrays.stream(history).min().orElseThrow() - 1);
    // the usual evening value is fine
    Detection usual = d.observe(evening.plus(STEP), 10.2, null);
    assertThat(usual.score()).isLessThan(0.7);
  }
}
