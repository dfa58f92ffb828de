package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.testing.SettableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Another tool (psql's \copy) writes rows for days the writer never created a partition for. */
class ForeignWriterTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("foreign-writer");

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void psqlCopyIntoDayWithoutPartitionLandsAndMovesIntoItsDay(@TempDir Path dir) throws Exception {
    assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'sensors_data_p2025%'")).isZero();
    Path csv = dir.resolve("rows.csv");
    Files.writeString(csv, """
        2025-03-01T10:00:00Z,boiler-plant7-a,71.5
        2025-03-01T10:01:00Z,boiler-plant7-a,71.7
        2025-03-02T23:59:00Z,boiler-plant7-a,70.9
        """, StandardCharsets.UTF_8);

    psql("\\copy sensors_data (\"timestamp\", sensor_id, value) "
        + "FROM '" + csv + "' WITH (FORMAT csv)");

    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'boiler-plant7-a'")).isEqualTo(3);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_default")).isEqualTo(3);

    // A writer that opens moves them into their days (and can then write those days itself).
    try (ReadingWriter w = ReadingWriter.open(db.database(), clock)) {
      w.write(TestReadings.reading(7, Instant.parse("2025-03-01T12:00:00Z"), 1.0));
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_default")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_p20250301")).isEqualTo(3);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_p20250302")).isEqualTo(1);
  }

  @Test
  void creatingDayPartitionMovesParkedRowsInsteadOfFailing() {
    db.execute("INSERT INTO sensors_data (id, \"timestamp\", sensor_id, type, category, value, unit, location) "
        + "VALUES (gen_random_uuid(), '2024-06-05T01:00:00Z', 'tank-3', 'analog', 'tank', 2, 'm', 'yard')");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_default WHERE sensor_id = 'tank-3'")).isEqualTo(1);

    Partitions.ensure(db.database(), java.time.LocalDate.parse("2024-06-04"), java.time.LocalDate.parse("2024-06-06"));

    assertThat(db.queryLong("SELECT count(*) FROM sensors_data_p20240605 WHERE sensor_id = 'tank-3'")).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'tank-3'")).isEqualTo(1);
  }

  @Test
  void foreignRowsOfDaysPastRetentionGoWithTheirDayWhenAWriterOpens() {
    try (TestDatabase t = TestDatabase.fresh("foreign-retention")) {
      t.execute("INSERT INTO aw_settings (name, value) VALUES ('retention_days', '2')");
      t.execute("INSERT INTO sensors_data (\"timestamp\", sensor_id, value) VALUES "
          + "('2026-01-01T10:00:00Z', 'tank-9', 1), ('2026-01-09T10:00:00Z', 'tank-9', 2)");
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data_default")).isEqualTo(2);
      Clock at = Clock.fixed(Instant.parse("2026-01-09T12:00:00Z"), ZoneOffset.UTC);
      try (ReadingWriter w = ReadingWriter.open(t.database(), at)) {
        assertThat(t.queryLong("SELECT count(*) FROM sensors_data_default")).isZero();
        assertThat(t.queryString("SELECT string_agg(value::text, ',') FROM sensors_data WHERE sensor_id = 'tank-9'"))
            .isEqualTo("2");
        assertThat(t.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'sensors_data_p20260101'")).isZero();
      }
    }
  }

  @Test
  void aRunningWriterMovesForeignRowsOutOfTheDefaultPartitionOnANewDayAndAppliesRetentionToThem() {
    try (TestDatabase t = TestDatabase.fresh("foreign-retention-running")) {
      t.execute("INSERT INTO aw_settings (name, value) VALUES ('retention_days', '2')");
      SettableClock clock = new SettableClock(Instant.parse("2026-01-09T12:00:00Z"));
      try (ReadingWriter w = ReadingWriter.open(t.database(), clock)) {
        w.write(TestReadings.reading(1, Instant.parse("2026-01-09T12:00:00Z"), 1.0));
        w.flush();
        // Meanwhile another tool writes an old day and a day far ahead, neither with a partition.
        t.execute("INSERT INTO sensors_data (\"timestamp\", sensor_id, value) VALUES "
            + "('2026-01-02T10:00:00Z', 'tank-9', 1), ('2026-03-01T10:00:00Z', 'tank-9', 3)");
        assertThat(t.queryLong("SELECT count(*) FROM sensors_data_default")).isEqualTo(2);
        clock.set(Instant.parse("2026-01-10T00:00:30Z"));
        w.write(TestReadings.reading(1, Instant.parse("2026-01-10T00:00:00Z"), 2.0));
        w.flush();
        assertThat(t.queryLong("SELECT count(*) FROM sensors_data_default")).isZero();
        assertThat(t.queryString("SELECT string_agg(value::text, ',') FROM sensors_data WHERE sensor_id = 'tank-9'"))
            .isEqualTo("3");
        assertThat(t.queryLong("SELECT count(*) FROM sensors_data_p20260301")).isEqualTo(1);
      }
    }
  }

  private static void psql(String command) throws IOException, InterruptedException {
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    Process p = new ProcessBuilder(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", uri.getHost(),
        "-p", String.valueOf(uri.getPort()), "-U", "postgres", "-d", db.name(), "-c", command))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("psql: %s", out).isZero();
  }
}
