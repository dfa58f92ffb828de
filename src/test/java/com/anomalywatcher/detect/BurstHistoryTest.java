package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link BurstHistory} and the rises {@link ExcursionRise} measures: generated readings. */
class BurstHistoryTest {
  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  /** The rise of the new high {@code values} ends with, after a flat baseline of 30 readings at 20; 0 when none. */
  private static int riseOf(double... values) {
    ExcursionRise e = new ExcursionRise();
    for (int i = 0; i < 30; i++) {
      e.observe(20 + 0.1 * (i % 3 - 1));
    }
    boolean high = false;
    for (double v : values) {
      high = e.observe(v);
    }
    return high ? e.rise() : 0;
  }

  @Test
  void measuresRisesInReadings() {
    assertThat(riseOf(28)).isEqualTo(1);
    assertThat(riseOf(23, 28)).isEqualTo(2);
    // from the last reading within a quarter of the height (22) to the first at three quarters (26)
    assertThat(riseOf(21, 23, 25, 27, 28)).isEqualTo(3);
    assertThat(riseOf(21, 22, 23, 24, 25, 26, 27, 28)).isEqualTo(5);
  }

  @Test
  void aDecayIsNoRise() {
    assertThat(riseOf(23, 28, 27)).isZero();
  }

  /** A history with bursts 8 high, rising over {@code rise} readings, at 13:00 on {@code dates} days. */
  private static BurstHistory history(int rise, int dates) {
    BurstHistory h = new BurstHistory(new DayClock(ZoneOffset.UTC));
    for (int d = 0; d < dates; d++) {
      h.learn(DAY.plusSeconds(86_400L * d + 13 * 3600), 8f, rise);
    }
    return h;
  }

  @Test
  void aBurstAsHighAndAsSlowOnTwoDatesNearThisTimeIsUsual() {
    BurstHistory h = history(3, 2);
    Instant at = DAY.plusSeconds(86_400L * 9 + 15 * 3600);
    assertThat(h.reached(at, 7.5, 3)).isTrue();
    assertThat(h.reached(at, 9, 3)).as("higher than the history's").isFalse();
    assertThat(h.reached(at, 7.5, 1)).as("a jump").isFalse();
    assertThat(h.reached(DAY.plusSeconds(86_400L * 9 + 20 * 3600), 7.5, 3)).as("7 hours away").isFalse();
    assertThat(history(3, 1).reached(at, 7.5, 3)).as("one date").isFalse();
  }

  @Test
  void aFrontSlowerThanTheHistorysBurstsIsNoBurst() {
    Instant at = DAY.plusSeconds(86_400L * 9 + 13 * 3600);
    assertThat(history(2, 3).reached(at, 7.5, 4)).isTrue();
    assertThat(history(2, 3).reached(at, 7.5, 8)).isFalse();
    assertThat(history(5, 3).reached(at, 7.5, 8)).isTrue();
  }
}
