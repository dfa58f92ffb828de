package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.testing.SettableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadingWriterTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("reading writer");

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC);

  private static ReadingWriter.Options options(ReadingWriter.Method method) {
    return new ReadingWriter.Options(2, 1_000, method);
  }

  @Test
  void writesEveryRowIntoDailyPartitionsCreatedAhead() {
    try (TestDatabase t = TestDatabase.fresh("writer partitions")) {
      List<Reading> rows = TestReadings.series(6, START, Duration.ofMinutes(1), 3 * 1440);
      try (ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), CLOCK)) {
        w.writeAll(rows);
        w.flush();
        assertThat(w.rowsWritten()).isEqualTo(rows.size());
      }
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(6 * 3 * 1440);
      // Three days of data, partitions a week ahead: 2026-01-01 .. 2026-01-08.
      assertThat(t.queryLong("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sensors_data'::regclass"
              + " AND inhrelid <> 'sensors_data_default'::regclass"))
          .isEqualTo(1 + DailyPartitions.LOOKAHEAD_DAYS);
      assertThat(t.queryString(
              "SELECT sensor_id || ' ' || type || ' ' || category || ' ' || unit || ' ' || location || ' '"
                  + " || value || ' ' || (sensors_metadata->>'firmware') FROM sensors_data"
                  + " WHERE timestamp = '2026-01-01T00:01:00Z' AND sensor_id = ?",
              TestReadings.sensorId(2)))
          .isEqualTo("oven-factory-000002 analog oven °C factory 153 v2.1.0");
    }
  }

  @Test
  void prepareCreatesTheDailyPartitionsOfARangeAtOnce() {
    try (TestDatabase t = TestDatabase.fresh("writer prepare")) {
      try (ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), CLOCK)) {
        w.prepare(START.plus(Duration.ofHours(12)), START.plus(Duration.ofDays(7)));
      }
      assertThat(t.queryString("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i"
              + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sensors_data'::regclass"
              + " AND c.relname <> 'sensors_data_default'"))
          .isEqualTo("sensors_data_p20260101,sensors_data_p20260102,sensors_data_p20260103,sensors_data_p20260104,"
              + "sensors_data_p20260105,sensors_data_p20260106,sensors_data_p20260107");
    }
  }

  @Test
  void aWriterEnteringANewDayDropsPartitionsPastRetention() {
    try (TestDatabase t = TestDatabase.fresh("writer retention")) {
      t.execute("INSERT INTO aw_settings (name, value) VALUES ('retention_days', '2')");
      t.execute("SELECT aw_ensure_partitions('2026-01-01', '2026-01-09')");
      SettableClock clock = new SettableClock(Instant.parse("2026-01-09T12:00:00Z"));
      String days = "SELECT string_agg(right(c.relname, 2), ',' ORDER BY c.relname) FROM pg_inherits i"
          + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sensors_data'::regclass"
              + " AND c.relname <> 'sensors_data_default'";
      try (ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), clock)) {
        assertThat(t.queryString(days)).isEqualTo("07,08,09");
        w.writeAll(TestReadings.series(2, Instant.parse("2026-01-09T23:58:00Z"), Duration.ofMinutes(1), 2));
        w.flush();
        clock.set(Instant.parse("2026-01-10T00:00:30Z"));
        w.writeAll(TestReadings.series(2, Instant.parse("2026-01-10T00:00:00Z"), Duration.ofMinutes(1), 1));
        w.flush();
      }
      assertThat(t.queryString(days)).isEqualTo("08,09,10,11,12,13,14,15,16");
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(6);
    }
  }

  @Test
  void aRunThatWritesExpiredDaysDropsThemAtCloseWithTheirLabels() {
    try (TestDatabase t = TestDatabase.fresh("writer retention close")) {
      t.execute("INSERT INTO aw_settings (name, value) VALUES ('retention_days', '2')");
      Clock clock = Clock.fixed(Instant.parse("2026-01-10T12:00:00Z"), ZoneOffset.UTC);
      try (ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), clock)) {
        w.writeAll(TestReadings.series(2, START, Duration.ofHours(1), 9 * 24 + 12));
      }
      assertThat(t.queryString("SELECT min(timestamp) AT TIME ZONE 'UTC' FROM sensors_data"))
          .isEqualTo("2026-01-08 00:00:00");

      GroundTruthStore labels = new GroundTruthStore(t.database());
      labels.upsert(List.of(
          new com.anomalywatcher.anomaly.AnomalyEpisode(TestReadings.sensorId(0), com.anomalywatcher.model.Category.OVEN,
              com.anomalywatcher.model.AnomalyKind.SPIKE, Instant.parse("2026-01-03T00:00:00Z"),
              Instant.parse("2026-01-03T01:00:00Z"), java.util.Map.of(), com.anomalywatcher.anomaly.AnomalySource.RANDOM),
          new com.anomalywatcher.anomaly.AnomalyEpisode(TestReadings.sensorId(0), com.anomalywatcher.model.Category.OVEN,
              com.anomalywatcher.model.AnomalyKind.DROP, Instant.parse("2026-01-09T00:00:00Z"),
              Instant.parse("2026-01-09T01:00:00Z"), java.util.Map.of(), com.anomalywatcher.anomaly.AnomalySource.RANDOM)));
      assertThat(t.queryString("SELECT string_agg(kind, ',') FROM anomaly_events")).isEqualTo("drop");
    }
  }

  @Test
  void resendingTheSameRowsAddsNoDuplicates() {
    try (TestDatabase t = TestDatabase.fresh("writer resend")) {
      List<Reading> rows = TestReadings.series(4, START, Duration.ofMinutes(1), 500);
      List<Reading> overlapping = TestReadings.series(4, START.plus(Duration.ofMinutes(400)), Duration.ofMinutes(1), 200);
      for (ReadingWriter.Method method : List.of(ReadingWriter.Method.COPY, ReadingWriter.Method.INSERT)) {
        try (ReadingWriter w = ReadingWriter.open(t.database(), options(method), CLOCK)) {
          w.writeAll(rows);
          w.writeAll(overlapping);
          w.flush();
        }
      }
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(4 * 600);
      assertThat(t.queryLong("SELECT count(DISTINCT (sensor_id, timestamp)) FROM sensors_data")).isEqualTo(4 * 600);
    }
  }

  @Test
  void insertMethodStoresTheSameValuesAsCopy() {
    try (TestDatabase a = TestDatabase.fresh("writer copy");
        TestDatabase b = TestDatabase.fresh("writer insert")) {
      List<Reading> rows = TestReadings.series(3, START, Duration.ofSeconds(30), 700);
      try (ReadingWriter w = ReadingWriter.open(a.database(), options(ReadingWriter.Method.COPY), CLOCK)) {
        w.writeAll(rows);
      }
      try (ReadingWriter w = ReadingWriter.open(b.database(), options(ReadingWriter.Method.INSERT), CLOCK)) {
        w.writeAll(rows);
      }
      String digest =
          "SELECT md5(string_agg(id || timestamp::text || sensor_id || value || sensors_metadata::text, ','"
              + " ORDER BY sensor_id, timestamp)) FROM sensors_data";
      assertThat(a.queryString(digest)).isEqualTo(b.queryString(digest));
    }
  }

  @Test
  void aFailedBatchSurfacesWithContextAndLeavesThePoolUsable() {
    try (TestDatabase t = TestDatabase.fresh("writer failure")) {
      Reading bad = TestReadings.reading(1, START, 1);
      Reading withNul =
          new Reading(bad.id(), bad.timestamp(), "oven-factory-\u0000", bad.type(), bad.category(), 1, "°C",
              bad.location(), "{}");
      ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), CLOCK);
      w.write(withNul);
      assertThatThrownBy(w::flush).isInstanceOf(StoreException.class).hasMessageContaining("sensors_data");
      assertThatThrownBy(w::close).isInstanceOf(StoreException.class);
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isZero();
    }
  }

  @Test
  void aFailedBatchIsWhatATryWithResourcesThrowsNotASelfSuppression() {
    // sample's writer in try-with-resources: flush and then close surface the failure (the realistic world's late
    // rows deadlocking on a compressed TimescaleDB chunk); it used to reach the user as "Self-suppression not permitted".
    try (TestDatabase t = TestDatabase.fresh("writer failure in try")) {
      Reading bad = TestReadings.reading(1, START, 1);
      Reading withNul =
          new Reading(bad.id(), bad.timestamp(), "oven-factory-\u0000", bad.type(), bad.category(), 1, "°C",
              bad.location(), "{}");
      assertThatThrownBy(() -> {
        try (ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), CLOCK)) {
          w.write(withNul);
          w.flush();
        }
      }).isInstanceOf(StoreException.class).hasMessageContaining("sensors_data");
    }
  }

  @Test
  void refusesADatabaseWithoutSchema() {
    try (TestDatabase t = TestDatabase.empty("writer no schema")) {
      assertThatThrownBy(() -> ReadingWriter.open(t.database(), CLOCK))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("db init");
    }
  }

  /**
   * A writer that wrote nothing closes without the database: serve's HTTP ingest, stopped while the
   * database was down, waited out the pool's connection timeout in the retention check at close and
   * overran its one-second stop ("did not finish in time", exit 143 instead of 0).
   */
  @Test
  void aWriterThatWroteNothingClosesWithoutTheDatabase() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("writer close unreachable")) {
      t.execute("INSERT INTO aw_settings (name, value) VALUES ('retention_days', '2')");
      ReadingWriter w = ReadingWriter.open(t.database(), options(ReadingWriter.Method.COPY), CLOCK);
      String admin = t.jdbcUrl().replace("/" + t.name() + "?", "/postgres?");
      try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
        // The database gone for this writer, as in an outage: no new connection, its pool's ones ended.
        s.execute("ALTER DATABASE \"" + t.name() + "\" ALLOW_CONNECTIONS false");
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + t.name() + "'");
        try {
          assertThatCode(w::close).doesNotThrowAnyException();
        } finally {
          s.execute("ALTER DATABASE \"" + t.name() + "\" ALLOW_CONNECTIONS true");
        }
      }
    }
  }
}
