package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadingsSignalTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("readings signal");

  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration LONG = Duration.ofSeconds(20);

  private static void write(Database database, ReadingWriter.Method method, List<Reading> rows) {
    try (ReadingWriter w = ReadingWriter.open(database, new ReadingWriter.Options(1, 1_000, method), CLOCK)) {
      w.writeAll(rows);
      w.flush();
    }
  }

  private static List<Reading> rows(Instant start) {
    return TestReadings.series(3, start, Duration.ofSeconds(10), 4);
  }

  @Test
  void aCopyBatchThatStoresReadingsWakesAListenerBeforeItsDeadline() throws Exception {
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      assertThat(signal.listening()).isTrue();
      write(db.database(), ReadingWriter.Method.COPY, rows(Instant.parse("2026-02-01T00:00:00Z")));
      Instant deadline = CLOCK.instant().plus(LONG);
      assertThat(signal.awaitUntil(CLOCK.instant(), deadline, () -> false)).isTrue();
      assertThat(CLOCK.instant()).isBefore(deadline);
    }
  }

  @Test
  void anInsertBatchWakesAListenerToo() throws Exception {
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      write(db.database(), ReadingWriter.Method.INSERT, rows(Instant.parse("2026-02-02T00:00:00Z")));
      Instant deadline = CLOCK.instant().plus(LONG);
      assertThat(signal.awaitUntil(CLOCK.instant(), deadline, () -> false)).isTrue();
      assertThat(CLOCK.instant()).isBefore(deadline);
    }
  }

  @Test
  void aBatchOfReadingsAlreadyStoredSignalsNothing() throws Exception {
    List<Reading> rows = rows(Instant.parse("2026-02-03T00:00:00Z"));
    write(db.database(), ReadingWriter.Method.COPY, rows);
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      write(db.database(), ReadingWriter.Method.COPY, rows); // all duplicates: the staged insert stores none
      write(db.database(), ReadingWriter.Method.INSERT, rows);
      Instant deadline = CLOCK.instant().plus(Duration.ofMillis(600));
      assertThat(signal.awaitUntil(CLOCK.instant(), deadline, () -> false)).isFalse();
      assertThat(CLOCK.instant()).isAfterOrEqualTo(deadline);
    }
  }

  @Test
  void aSignalDoesNotEndTheWaitBeforeItsEarliest() throws Exception {
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      write(db.database(), ReadingWriter.Method.COPY, rows(Instant.parse("2026-02-04T00:00:00Z")));
      Instant earliest = CLOCK.instant().plus(Duration.ofMillis(700));
      assertThat(signal.awaitUntil(earliest, earliest.plus(LONG), () -> false)).isTrue();
      assertThat(CLOCK.instant()).isAfterOrEqualTo(earliest).isBefore(earliest.plus(LONG));
    }
  }

  @Test
  void aListenerWhoseSessionEndsWaitsOutItsDeadlineInstead() throws Exception {
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND query = 'LISTEN aw_readings'");
      Instant deadline = CLOCK.instant().plus(Duration.ofMillis(600));
      assertThat(signal.awaitUntil(CLOCK.instant(), deadline, () -> false)).isFalse();
      assertThat(CLOCK.instant()).isAfterOrEqualTo(deadline);
      assertThat(signal.listening()).isFalse();
    }
  }

  @Test
  void aStopEndsTheWaitAtOnce() throws Exception {
    try (ReadingsSignal signal = ReadingsSignal.listen(db.database(), CLOCK)) {
      Instant deadline = CLOCK.instant().plus(LONG);
      assertThat(signal.awaitUntil(CLOCK.instant(), deadline, () -> true)).isFalse();
      assertThat(CLOCK.instant()).isBefore(deadline);
    }
  }
}
