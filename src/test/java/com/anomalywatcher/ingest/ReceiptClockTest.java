package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ReceiptClockTest {
  private static final Instant T = Instant.parse("2026-12-07T13:18:01.123456789Z");

  @Test
  void givesTheClocksTimeToTheMicrosecond() {
    assertThat(new ReceiptClock(Clock.fixed(T, ZoneOffset.UTC)).next()).isEqualTo(T.truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void twoReceiptsWithinOneMicrosecondGetDifferentTimesInTheirOrder() {
    ReceiptClock c = new ReceiptClock(Clock.fixed(T, ZoneOffset.UTC));
    Instant first = c.next();
    assertThat(c.next()).isEqualTo(first.plus(1, ChronoUnit.MICROS));
    assertThat(c.next()).isEqualTo(first.plus(2, ChronoUnit.MICROS));
  }

  @Test
  void aClockThatWentBackDoesNotRepeatATimeGiven() {
    MutableClock clock = new MutableClock(T);
    ReceiptClock c = new ReceiptClock(clock);
    Instant first = c.next();
    clock.now = T.minusSeconds(1);
    assertThat(c.next()).isEqualTo(first.plus(1, ChronoUnit.MICROS));
    clock.now = T.plusSeconds(1);
    assertThat(c.next()).isEqualTo(T.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void aReservationOfSeveralMicrosecondsIsNeverGivenAgain() {
    ReceiptClock c = new ReceiptClock(Clock.fixed(T, ZoneOffset.UTC));
    Instant micro = T.truncatedTo(ChronoUnit.MICROS);
    assertThat(c.next(5)).isEqualTo(micro);
    assertThat(c.next(3)).isEqualTo(micro.plus(5, ChronoUnit.MICROS));
    assertThat(c.next()).isEqualTo(micro.plus(8, ChronoUnit.MICROS));
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
