package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TimescaleDB test engine on a kept data directory: the schema and data survive a restart. */
@Tag("timescaledb")
class TimescaleRestartTest {
  @Test
  void schemaAndReadingsSurviveARestartOnAKeptDataDirectory(@TempDir Path dir) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (TimescaleEngine engine = TimescaleEngine.start(dir.toString());
        Database db = engine.database()) {
      assertThat(Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.systemUTC()).mode())
          .isEqualTo(StorageMode.TIMESCALEDB);
      try (ReadingWriter w = ReadingWriter.open(db, Clock.systemUTC())) {
        w.writeAll(TestReadings.series(2, start, Duration.ofMinutes(1), 10));
      }
    }
    try (TimescaleEngine engine = TimescaleEngine.start(dir.toString());
        Database db = engine.database()) {
      assertThat(Schema.requireCurrent(db)).isEqualTo(StorageMode.TIMESCALEDB);
      try (ReadingWriter w = ReadingWriter.open(db, Clock.systemUTC())) {
        w.writeAll(TestReadings.series(2, start.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1), 10));
      }
      TestQueries sql = new TestQueries(db);
      assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo("40");
      assertThat(sql.string("SELECT count(*) FROM timescaledb_information.jobs"
          + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_compression'")).isEqualTo("1");
    }
  }
}
