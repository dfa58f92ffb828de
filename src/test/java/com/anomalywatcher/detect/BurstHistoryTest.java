package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.data.Offset;
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

  /** A history with held peaks {@code height} deep, rising over {@code rise} readings, once a day on {@code dates} days. */
  private static BurstHistory peaks(float height, int rise, int dates) {
    BurstHistory h = new BurstHistory(new DayClock(ZoneOffset.UTC));
    for (int d = 0; d < dates; d++) {
      h.learnPeak(DAY.plusSeconds(86_400L * d + (9 + d) * 3600), height, rise);
    }
    return h;
  }

  @Test
  void anExcursionAsDeepAndAsFastAsHeldPeaksOnThreeDatesIsUsualAtAnyTime() {
    assertThat(peaks(60, 1, 3).usual(60, 1)).isTrue();
    assertThat(peaks(60, 1, 3).usual(45, 1)).as("within a half-octave").isTrue();
    assertThat(peaks(60, 1, 2).usual(60, 1)).as("two dates").isFalse();
    assertThat(peaks(60, 3, 3).usual(60, 4)).as("a build-up as fast").isTrue();
  }

  @Test
  void anExcursionFarShallowerOrDeeperThanTheHistorysIsNotUsual() {
    assertThat(peaks(60, 1, 5).usual(8, 1)).as("a pollution spike").isFalse();
    assertThat(peaks(60, 1, 5).usual(180, 1)).as("three times as deep").isFalse();
  }

  @Test
  void anExcursionOfAnotherSpeedIsNotUsual() {
    assertThat(peaks(10, 3, 5).usual(10, 1)).as("a jump against build-ups").isFalse();
    assertThat(peaks(10, 6, 5).usual(10, 3)).as("a build-up against fronts").isFalse();
    assertThat(peaks(10, 6, 5).usual(10, 6)).as("a front is never usual here").isFalse();
  }

  @Test
  void onlyHeldPeaksSettleAndTheirRiseIsKept() {
    ExcursionRise e = new ExcursionRise();
    for (int i = 0; i < 30; i++) {
      e.observe(20 + 0.1 * (i % 3 - 1));
    }
    boolean settled = false;
    // a jump to 60, held four readings, then a decay
    for (double v : new double[] {60, 59, 60.5, 59.5, 50, 40, 30, 25}) {
      e.observe(v);
      settled |= e.settlesHeldPeak();
    }
    assertThat(settled).isTrue();
    assertThat(e.height()).isCloseTo(40.5f, Offset.offset(0.5f));
    assertThat(e.rise()).isEqualTo(1);
    ExcursionRise glitch = new ExcursionRise();
    for (int i = 0; i < 30; i++) {
      glitch.observe(20 + 0.1 * (i % 3 - 1));
    }
    boolean glitchSettled = false;
    for (double v : new double[] {60, 20, 20.1, 19.9, 20, 20.1, 20}) {
      glitch.observe(v);
      glitchSettled |= glitch.settlesHeldPeak();
    }
    assertThat(glitchSettled).as("a one-reading glitch").isFalse();
  }

  /** A history with one build-up (over 3 readings) a day, at 13:00, topping at each of {@code tops} in turn. */
  private static BurstHistory dailyTops(double... tops) {
    BurstHistory h = new BurstHistory(new DayClock(ZoneOffset.UTC));
    for (int d = 0; d < tops.length; d++) {
      h.learn(DAY.plusSeconds(86_400L * d + 13 * 3600), (float) tops[d], 3);
    }
    return h;
  }

  @Test
  void aTopPastTheHighestIsWithinTheSpreadOnlyWhereTheHistorysTopsVary() {
    double[] varied = new double[30];
    double[] alike = new double[30];
    for (int d = 0; d < 30; d++) {
      varied[d] = 40 + 70 * ((d * 7) % 30) / 29.0;
      alike[d] = 100 + 2 * ((d * 7) % 5 - 2) / 2.0;
    }
    // tops 40–110, median 75: the next may reach 145
    assertThat(dailyTops(varied).withinTopsSpread(120)).isTrue();
    assertThat(dailyTops(varied).withinTopsSpread(150)).as("past the spread").isFalse();
    // tops 98–102, median 100: 104 at most
    assertThat(dailyTops(alike).withinTopsSpread(103)).isTrue();
    assertThat(dailyTops(alike).withinTopsSpread(120)).isFalse();
    assertThat(dailyTops(40, 110).withinTopsSpread(60)).as("two dates").isFalse();
  }

  @Test
  void onlyEachDatesHighestBuildUpCounts() {
    BurstHistory h = dailyTops(4, 6, 10);
    // a jump and a front far higher, and a lower build-up on the highest date: none moves the tops
    h.learn(DAY.plusSeconds(86_400L * 2 + 15 * 3600), 50f, 1);
    h.learn(DAY.plusSeconds(86_400L * 2 + 16 * 3600), 50f, 6);
    h.learn(DAY.plusSeconds(86_400L * 2 + 17 * 3600), 3f, 2);
    assertThat(h.withinTopsSpread(14)).isTrue();
    assertThat(h.withinTopsSpread(14.5)).isFalse();
    assertThat(BurstHistory.restore(new DayClock(ZoneOffset.UTC), h.state()).withinTopsSpread(14)).as("restored").isTrue();
  }
}
