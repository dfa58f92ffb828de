package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A writer finishes each complete day it wrote (its category index built, vacuumed and analysed),
 * so the original's per-category average over days reads an index, not every row; the day still
 * being written stays as it is.
 */
class PartitionCloserTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("partition closer");

  /** One in ten an oven, the rest of nine other categories (the planner takes the index for a tenth). */
  private static final int SENSORS = 40;
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  /** Three complete days and half of the fourth, "now" being in the fourth. */
  private static final Instant NOW = START.plus(Duration.ofHours(3 * 24 + 12));

  @BeforeAll
  static void threeDaysAndAHalf() throws InterruptedException {
    // The test server's autovacuum is stopped while this class writes: its ANALYZE of a partition
    // holds a snapshot, and a VACUUM that overlaps it cannot mark the pages of rows committed after
    // that snapshot began. The last complete day is vacuumed only right at the writer's close here
    // (in a running product its next pass comes when the next day is finished), so one such overlap
    // left it 0 % all-visible in a CI run under load. Turning it off is not enough by itself:
    // pg_reload_conf() only signals the server and returns; until the launcher reads the new
    // setting it can still start a worker, and a worker goes on through its tables whatever the
    // setting. The launcher exits once it reads "off": the writing starts when no autovacuum
    // process is left.
    alterSystem("SET autovacuum = off");
    awaitNoAutovacuum();
    // As servers run by default (the test server commits asynchronously for speed): VACUUM marks a
    // page all-visible only once its rows' commits are flushed, which asynchronous commits leave
    // to later.
    db.execute("ALTER DATABASE " + db.name() + " SET synchronous_commit = on");
    db.reconnect(); // new sessions take the setting
    // 28,800 rows a day: finished from 10,000 rows on here (the product's threshold is 100,000).
    try (ReadingWriter w = ReadingWriter.open(db.database(), ReadingWriter.Options.defaults(),
        Clock.fixed(NOW, ZoneOffset.UTC), 10_000)) {
      for (Reading r : TestReadings.series(SENSORS, START, Duration.ofMinutes(2), (3 * 24 + 12) * 30)) {
        int sensor = Integer.parseInt(r.sensorId().substring(r.sensorId().lastIndexOf('-') + 1), 16);
        w.write(new Reading(r.id(), r.timestamp(), r.sensorId(), r.type(),
            sensor % 10 == 0 ? "oven" : "other" + sensor % 10, r.value(), r.unit(), r.location(), r.metadataJson()));
      }
    }
  }

  @AfterAll
  static void autovacuumBack() {
    alterSystem("RESET autovacuum");
  }

  /**
   * Waits until the server runs no autovacuum launcher and no worker (a worker holds its snapshot
   * until its table is done); at most two minutes, then fails naming what still runs.
   */
  private static void awaitNoAutovacuum() throws InterruptedException {
    String running = "SELECT string_agg(backend_type || coalesce(' on ' || datname, '') || coalesce(': ' || query, ''), '; ')"
        + " FROM pg_stat_activity WHERE backend_type IN ('autovacuum launcher', 'autovacuum worker')";
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String left;
    while ((left = db.queryString(running)) != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("autovacuum still runs two minutes after it was turned off: " + left);
      }
      Thread.sleep(50);
    }
  }

  /** Changes the embedded server's settings (server-wide; the tests of one JVM run one at a time). */
  private static void alterSystem(String change) {
    try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM " + change);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot ALTER SYSTEM " + change + " on the test server", e);
    }
  }

  @Test
  void completeDaysAreIndexedVacuumedAndAnalysedTodayIsNot() {
    for (String day : new String[] {"20260301", "20260302", "20260303"}) {
      assertThat(indexes("sensors_data_p" + day)).as(day).contains("sensors_data_p" + day + "_category_time");
      assertThat(db.queryLong("SELECT count(*) FROM pg_stat_user_tables WHERE relname = ? AND last_vacuum IS NOT NULL"
          + " AND last_analyze IS NOT NULL", "sensors_data_p" + day)).as(day).isEqualTo(1);
      // All-visible pages, also of the days vacuumed while the next one was being written (a first
      // pass left the later half of such a day unmarked). A few may stay unmarked (97 % marked the lowest in 3 runs here).
      assertThat(db.queryLong("SELECT relallvisible * 100 / relpages FROM pg_class WHERE relname = ?",
          "sensors_data_p" + day)).as(day).isGreaterThanOrEqualTo(90);
    }
    assertThat(indexes("sensors_data_p20260304")).doesNotContain("sensors_data_p20260304_category_time");
    assertThat(db.queryLong("SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'sensors_data_p20260304'"
        + " AND last_vacuum IS NOT NULL")).isZero();
  }

  @Test
  void smallDaysAreLeftAsTheyAre() {
    TestDatabase small = TestDatabase.fresh("partition closer small");
    try (small) {
      try (ReadingWriter w = ReadingWriter.open(small.database(), Clock.fixed(NOW, ZoneOffset.UTC))) {
        w.writeAll(TestReadings.series(12, START, Duration.ofMinutes(1), 2 * 24 * 60));
      }
      assertThat(small.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%category_time'")).isZero();
    }
  }

  @Test
  void aCategoryAverageOverCompleteDaysReadsOnlyTheIndex() throws SQLException {
    String plan = explain("""
        SELECT time_bucket('1 hour', "timestamp") AS hour, sensor_id, avg(value) FROM sensors_data
         WHERE category = 'oven' AND "timestamp" >= '2026-03-01' AND "timestamp" < '2026-03-04'
         GROUP BY hour, sensor_id ORDER BY hour""");
    assertThat(plan).contains("Index Only Scan using sensors_data_p20260302_category_time");
    assertThat(plan).doesNotContain("Seq Scan");
    // All-visible pages: no heap visits for the rows of complete days.
    assertThat(plan).containsPattern("Heap Fetches: 0");
    assertThat(plan).doesNotContainPattern("Heap Fetches: [1-9]");
  }

  private static String indexes(String table) {
    return db.queryString("SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = ?", table);
  }

  private static String explain(String sql) throws SQLException {
    try (Connection c = db.database().connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
      return out.toString();
    }
  }
}
