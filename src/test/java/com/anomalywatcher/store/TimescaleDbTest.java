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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TimescaleDB mode for real, on the TimescaleDB test server (TimescaleDB 2.28, preloaded; see
 * {@link TimescaleServer}): COPY into the hypertable, compression by the real policy job, late rows
 * into compressed chunks, re-sends, retention by its job, the example queries. The tests share one
 * database and run in order: init, then policies, then data.
 */
@Tag("timescaledb")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimescaleDbTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private static String url;
  private static Database db;
  private static TestQueries sql;

  @BeforeAll
  static void createDatabase() {
    url = TimescaleServer.freshDatabase("timescaledb-test"); // skips, or fails when required, without a server
    db = Database.connect(url);
    sql = new TestQueries(db);
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
      TimescaleServer.drop(url);
    }
  }

  @Test
  @Order(1)
  void dbInitChoosesTimescaleDbSaysSoAndIsIdempotent() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new String[] {"db", "init", "--db-url", url + "&password=secret"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    SchemaInit again = Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.systemUTC());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("TimescaleDB mode").contains("password=***").doesNotContain("secret");
    assertThat(err.toString()).isEmpty();
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
                + " WHERE hypertable_name = 'sensors_data' AND proc_name IN ('policy_compression', 'policy_columnstore')"))
        .isEqualTo("7 days");
  }

  @Test
  @Order(4)
  void copiesIntoTheHypertableAndThePolicyJobCompressesChunksOlderThanSevenDays() {
    Instant start = NOW.minus(Duration.ofDays(12));
    try (ReadingWriter w = ReadingWriter.open(db, Clock.fixed(NOW, ZoneOffset.UTC))) {
      w.writeAll(TestReadings.series(3, start, Duration.ofHours(1), 12 * 24));
    }
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo(Integer.toString(3 * 12 * 24));

    sql.execute("CALL run_job(" + job("policy_compression', 'policy_columnstore") + ")");

    long compressed = Long.parseLong(sql.string("SELECT count(*) FROM timescaledb_information.chunks"
        + " WHERE hypertable_name = 'sensors_data' AND is_compressed"));
    long older = Long.parseLong(sql.string("SELECT count(*) FROM timescaledb_information.chunks"
        + " WHERE hypertable_name = 'sensors_data' AND range_end <= now() - interval '7 days'"));
    assertThat(compressed).isGreaterThanOrEqualTo(4).isEqualTo(older);
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo(Integer.toString(3 * 12 * 24));
  }

  @Test
  @Order(5)
  void lateRowsGoIntoCompressedChunksAndReSendingThemAddsNothing() {
    Instant start = NOW.minus(Duration.ofDays(12));
    List<Reading> old = TestReadings.series(3, start, Duration.ofHours(1), 12 * 24);
    List<Reading> late = TestReadings.series(5, start, Duration.ofHours(1), 24);
    ReadingStore store = new ReadingStore(db);
    ReadingFollower follower = store.follow(ReadFilter.all(), 5);
    follower.poll(); // everything stored so far
    try (ReadingWriter w = ReadingWriter.open(db, Clock.fixed(NOW, ZoneOffset.UTC))) {
      w.writeAll(old.subList(0, 300)); // a re-send into compressed chunks
      w.writeAll(late); // sensors 3 and 4 are new on the first day
      w.writeAll(late); // and again
    }
    assertThat(sql.string("SELECT count(*) FROM sensors_data")).isEqualTo(Integer.toString(3 * 12 * 24 + 2 * 24));
    assertThat(sql.string("SELECT count(*) FROM (SELECT sensor_id, timestamp FROM sensors_data"
        + " GROUP BY 1, 2 HAVING count(*) > 1) d")).isEqualTo("0");
    assertThat(follower.poll()).hasSize(2 * 24).extracting(StoredReading::sensorId)
        .containsOnly(TestReadings.sensorId(3), TestReadings.sensorId(4));
    assertThat(follower.poll()).isEmpty();
    assertThat(store.sensorRange(TestReadings.sensorId(1), start, start.plusSeconds(3 * 3600)))
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadataJson")
        .containsExactly(old.get(1), old.get(4), old.get(7));
  }

  @Test
  @Order(6)
  void retentionPolicyFollowsDbInitAndItsJobDropsOldChunks() {
    Schema.init(db, Optional.empty(), OptionalInt.of(5), Clock.systemUTC());
    assertThat(sql.string(
            "SELECT config->>'drop_after' FROM timescaledb_information.jobs"
                + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_retention'"))
        .isEqualTo("5 days");

    sql.execute("CALL run_job(" + job("policy_retention") + ")");

    assertThat(sql.string("SELECT count(*) FROM sensors_data WHERE timestamp < now() - interval '6 days'"))
        .isEqualTo("0");
    assertThat(Long.parseLong(sql.string("SELECT count(*) FROM sensors_data"))).isPositive();

    Schema.init(db, Optional.empty(), OptionalInt.of(0), Clock.systemUTC());
    assertThat(sql.string("SELECT count(*) FROM timescaledb_information.jobs"
        + " WHERE hypertable_name = 'sensors_data' AND proc_name = 'policy_retention'")).isEqualTo("0");
    sql.execute("TRUNCATE sensors_data");
  }

  @Test
  @Order(7)
  void exampleQueriesRunWithTimeBucketAndWithDateBin() throws SQLException {
    ExampleQueriesCheck.writeRecent(db, Instant.now(), ReadingWriter.Method.AUTO);
    ExampleQueriesCheck.runBothFiles(url);
  }

  private static int job(String procNames) {
    return Integer.parseInt(sql.string("SELECT job_id FROM timescaledb_information.jobs"
        + " WHERE hypertable_name = 'sensors_data' AND proc_name IN ('" + procNames + "')"));
  }
}
