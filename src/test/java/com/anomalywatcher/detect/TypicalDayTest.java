package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The typical day's largest value over all days, and over the days that had one. */
class TypicalDayTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  /** A typical day that learned one value per minute for whole days, each day's largest as given (0: none). */
  private static TypicalDay learned(double... largest) {
    TypicalDay typical = new TypicalDay(new DayClock(ZoneOffset.UTC));
    for (int day = 0; day <= largest.length; day++) {
      for (int minute = 0; minute < 1440; minute++) {
        double value = day < largest.length && minute == 600 ? largest[day] : 0;
        typical.learn(T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute)), 0.1, value);
        if (day == largest.length) {
          return typical;
        }
      }
    }
    return typical;
  }

  @Test
  void theMedianDayHasNoneWhenFewerThanHalfTheDaysHadOne() {
    TypicalDay typical = learned(0, 4.4, 0, 3.6, 0, 3.15, 0);
    assertThat(typical.days()).isEqualTo(7);
    assertThat(typical.typical()).isZero();
    assertThat(typical.typicalOfDaysWithOne(2)).isEqualTo(3.6, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void takesTheLowerMiddleOfAnEvenCountSoOneHighDayDoesNotSetIt() {
    // a history day with a dust storm (40) beside one ordinary rise (3)
    assertThat(learned(0, 40, 0, 3, 0).typicalOfDaysWithOne(2)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void isNoneWithFewerDaysThanAsked() {
    assertThat(learned(0, 5, 0, 0).typicalOfDaysWithOne(2)).isZero();
  }
}
