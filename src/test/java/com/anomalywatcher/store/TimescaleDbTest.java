package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.model.Reading;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TimescaleDB mode for real, on the TimescaleDB test engine (PGlite + timescaledb 2.23). The
 * tests share one engine and run in order: init, then policies, then data.
 */
@Tag("timescaledb")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimescaleDbTest {
  private static TimescaleEngine engine;
  private static Database db;
  private static TestQueries sql;

  /** Why the group is skipped on this machine (no engine installed), or null when it runs. */
  private static String skipped;

  @BeforeAll
  static void startEngine() {
    try {
      engine = TimescaleEngine.start(); // fails instead when aw.timescaledb.required=true
    } catch (org.opentest4j.TestAbortedException e) {
      skipped = e.getMessage();
      return;
    }
    db = engine.database();
    sql = new TestQueries(db);
  }

  /** Each test reports as skipped, with the reason, so surefire counts them. */
  @BeforeEach
  void requireEngine() {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
  }

  @AfterAll
  static void stopEngine() {
    if (db != null) {
      db.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Order(1)
  void dbInitChoosesTimescaleDbSaysSoAndIsIdempotent() {
    StringWriter out = new StringWriter();
    int exit = Main.run(new String[] {"db", "init", "--db-url", engine.jdbcUrl()},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    SchemaInit again = Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.systemUTC());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("TimescaleDB mode").contains("password=***").doesNotContain("password=postgres");
    assertThat(again.mode()).isEqualTo(StorageMode.TIMESCALEDB);
    assertThat(again.migrationsApplied()).isZero();
    assertThat(Schema.mode(db)).isEqualTo(StorageMode.TIMESCALEDB);
  }

  @Test
  @Order(2)
  void sensorsDataIsAHypertableWithOneDayChunks() {
    assertThat(sql.string(
            "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'sensors_data'"))
        .isEqualTo("1");
    assertThat(sql.string(
            "SELECT column_name || ' ' || time_interval FROM timescaledb_information.dimensions"
                + " WHERE hypertable_name = 'sensors_data'"))
        .isEqualTo("timestamp 1 day");
  }

  @Test
  @Order(3)
  void compressionIsSegmentedBySensorOrderedByTimeWithASevenDayPolicy() {
    assertThat(sql.string(
            "SELECT string_agg(attname || ':' || coalesce(segmentby_column_index::text, '-') || ':'"
                + " || coalesce(orderby_column_index::text, '-') || ':' || coalesce(orderby_asc::text, '-'), ','"
                + " ORDER BY attname) FROM timescaledb_information.compression_settings"
                + " WHERE hypertable_name = 'sensors_data'"))
        .isEqualTo("ingest_xid:-:2:true,sensor_id:1:-:-,timestamp:-:1:false");
    assertThat(sql.string(
            "SELECT config->>'compress_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_compression'"))
        .isEqualTo("7 days");
  }

  @Test
  @Order(4)
  void retentionPolicyFollowsDbInitAndDropsOldChunksWhenItRuns() {
    Schema.init(db, Optional.empty(), OptionalInt.of(30), Clock.systemUTC());
    assertThat(sql.string(
            "SELECT config->>'drop_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_retention'"))
        .isEqualTo("30 days");

    Instant now = Instant.now();
    try (ReadingWriter w = ReadingWriter.open(db, new ReadingWriter.Options(1, 500, ReadingWriter.Method.AUTO),
        Clock.systemUTC())) {
      w.writeAll(TestReadings.series(2, now.minus(Duration.ofDays(40)), Duration.ofHours(1), 5));
      w.writeAll(TestReadings.series(2, now.minus(Duration.ofDays(1)), Duration.ofHours(1), 5));
    }
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo("20");
    String job = sql.string("SELECT job_id FROM timescaledb_information.jobs"
        + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_retention'");
    sql.execute("CALL run_job(" + Integer.parseInt(job) + ")"); // policies never run by themselves here
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo("10");

    Schema.init(db, Optional.empty(), OptionalInt.of(0), Clock.systemUTC());
    assertThat(sql.string("SELECT count(*) FROM timescaledb_information.jobs"
        + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_retention'")).isEqualTo("0");
    sql.execute("TRUNCATE sensors_data");
  }

  @Test
  @Order(5)
  void readingsRoundTripThroughTheInsertPath() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<Reading> rows = TestReadings.series(3, start, Duration.ofMinutes(1), 400);
    ReadingStore store = new ReadingStore(db);
    ReadingFollower follower = store.follow(ReadFilter.all(), 5);
    try (ReadingWriter w = ReadingWriter.open(db, Clock.fixed(start, ZoneOffset.UTC))) {
      w.writeAll(rows);
      w.writeAll(rows.subList(0, 100)); // re-sent: no duplicates
    }
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo("1200");
    assertThat(sql.string("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'sensors_data'"))
        .isEqualTo("1");
    // jsonb stores metadata keys in its own order: compare everything else, and the JSON by value.
    assertThat(store.latest(ReadFilter.all(), 1))
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadataJson")
        .containsExactly(rows.get(rows.size() - 1));
    assertThat(store.sensorRange(TestReadings.sensorId(1), start, start.plusSeconds(180)))
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadataJson")
        .containsExactly(rows.get(1), rows.get(4), rows.get(7));
    assertThat(sql.string("SELECT sensors_metadata = '{\"firmware\": \"v2.1.0\", \"battery\": 89}'::jsonb"
        + " FROM sensors_data WHERE sensor_id = 'oven-factory-000001' LIMIT 1")).isEqualTo("t");
    assertThat(follower.poll()).hasSize(1200);
    assertThat(follower.poll()).isEmpty();

    // Compressed data: re-sending stays harmless and the follower still sees only new rows.
    assertThat(sql.string("SELECT count(compress_chunk(c)) FROM show_chunks('sensors_data') c")).isEqualTo("1");
    try (ReadingWriter w = ReadingWriter.open(db, Clock.fixed(start, ZoneOffset.UTC))) {
      w.writeAll(rows.subList(0, 50));
      w.writeAll(TestReadings.series(3, start.plus(Duration.ofDays(2)), Duration.ofMinutes(1), 1));
    }
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo("1203");
    assertThat(follower.poll()).extracting(StoredReading::timestamp).containsOnly(start.plus(Duration.ofDays(2)));
    assertThat(follower.poll()).isEmpty();
    sql.execute("TRUNCATE sensors_data");
  }

  @Test
  @Order(6)
  void exampleQueriesRunWithTimeBucketAndWithDateBin() throws SQLException {
    ExampleQueriesCheck.writeRecent(db, Instant.now(), ReadingWriter.Method.INSERT);
    db.close(); // the engine has one session: hand it to the plain JDBC connection of the check
    try {
      ExampleQueriesCheck.runBothFiles(engine.jdbcUrl());
    } finally {
      db = engine.database();
      sql = new TestQueries(db);
    }
  }
}
