package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * New days loaded in bulk ({@link BulkDays}, {@link DayLoad}: what {@code sample} does) end as the
 * ordinary path leaves them: the same rows, partitions, indexes and constraints; a re-run stores
 * nothing twice; rows appear with their day's commit, each once for a reader that follows commits;
 * a load killed midway leaves nothing the next run trips on.
 */
class BulkDaysTest {
  /** Two complete days and a half, "now" in the third: the complete ones are finished either way. */
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Clock NOW = Clock.fixed(START.plus(Duration.ofHours(2 * 24 + 12)), ZoneOffset.UTC);
  private static final int SENSORS = 20;
  /** Every 2 minutes up to "now": 14,400 rows a complete day, finished from 10,000 rows on here. */
  private static final List<Reading> ROWS = TestReadings.series(SENSORS, START, Duration.ofMinutes(2), (2 * 24 + 12) * 30);
  private static final List<String> DAYS = List.of("20260301", "20260302", "20260303");

  private static ReadingWriter bulk(Database db) {
    return ReadingWriter.open(db, new ReadingWriter.Options(2, 1_000, ReadingWriter.Method.COPY).withBulkNewDays(), NOW, 10_000);
  }

  private static ReadingWriter ordinary(Database db) {
    return ReadingWriter.open(db, new ReadingWriter.Options(2, 1_000, ReadingWriter.Method.COPY), NOW, 10_000);
  }

  @Test
  void aFreshDayEndsWithTheRowsIndexesAndConstraintsOfTheOrdinaryPath() {
    try (TestDatabase old = TestDatabase.fresh("bulk days old"); TestDatabase bulk = TestDatabase.fresh("bulk days new")) {
      try (ReadingWriter w = ordinary(old.database())) {
        w.writeAll(ROWS);
      }
      long written;
      try (ReadingWriter w = bulk(bulk.database())) {
        w.writeAll(ROWS);
        w.flush();
        written = w.rowsWritten();
      }
      assertThat(written).isEqualTo(ROWS.size());
      for (String day : DAYS) {
        String p = "sensors_data_p" + day;
        assertThat(layout(bulk, p)).as(day).isEqualTo(layout(old, p));
        assertThat(rows(bulk, p)).as(day).isEqualTo(rows(old, p));
        // Written frozen: the pages all-visible without a VACUUM (but one a COPY buffer's flush left
        // part-filled for the next to go on: 35 pages of a day of these small rows once, none of the
        // 4,966 of a day of sample at 100 sensors). relallvisible is counted by ANALYZE: complete days.
        if (!day.equals("20260303")) {
          assertThat(bulk.queryLong("SELECT relallvisible * 100 / relpages FROM pg_class WHERE relname = ?", p))
              .as(day).isGreaterThanOrEqualTo(80);
        }
      }
      // The ordinary writer creates days ahead of the data; the bulk one only the days it loaded.
      assertThat(partitions(bulk)).containsExactly("sensors_data_p20260301", "sensors_data_p20260302", "sensors_data_p20260303");
      assertThat(bulk.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'aw_load%'")).isZero();
      // Each day is one transaction: every row of it carries that transaction's id.
      assertThat(bulk.queryLong("SELECT count(DISTINCT ingest_xid) FROM sensors_data")).isEqualTo(3);
      // Sent with the rows (DayLoad), it is the id the column's default would give: the writing
      // transaction's, the rows' xmin (a frozen row keeps it), with this cluster's epoch.
      assertThat(bulk.queryLong("SELECT count(*) FROM sensors_data WHERE ingest_xid <> "
          + "(pg_current_xact_id()::text::bigint >> 32 << 32) + xmin::text::bigint")).isZero();
      assertThat(bulk.queryLong("SELECT count(*) FROM pg_stat_user_tables WHERE relname LIKE 'sensors_data_p2026030%'"
          + " AND last_analyze IS NOT NULL")).isEqualTo(2); // the complete days, as PartitionCloser does
    }
  }

  @Test
  void aRerunStoresNothingTwiceAndAnEmptyDayIsReplaced() {
    try (TestDatabase t = TestDatabase.fresh("bulk days rerun")) {
      // The third day exists and is empty (created ahead, as writers do): it is loaded in bulk too.
      t.execute("SELECT aw_ensure_partitions('2026-03-03', '2026-03-03')");
      try (ReadingWriter w = bulk(t.database())) {
        w.writeAll(ROWS);
      }
      try (ReadingWriter w = bulk(t.database())) {
        w.writeAll(ROWS);
        w.flush();
        assertThat(w.rowsWritten()).isZero();
      }
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(ROWS.size());
      assertThat(t.queryLong("SELECT count(*) FROM (SELECT DISTINCT sensor_id, \"timestamp\" FROM sensors_data) d"))
          .isEqualTo(ROWS.size());
      assertThat(t.queryLong("SELECT count(DISTINCT ingest_xid) FROM sensors_data_p20260303")).isEqualTo(1);
      assertThat(layout(t, "sensors_data_p20260303")).contains("sensors_data_p20260303_pkey PRIMARY KEY");
      // A day holding rows already keeps the ordinary path: new rows beside the stored ones.
      Instant later = START.plus(Duration.ofHours(2 * 24 + 12));
      try (ReadingWriter w = bulk(t.database())) {
        w.writeAll(TestReadings.series(SENSORS, later, Duration.ofMinutes(2), 30));
      }
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data_p20260303")).isEqualTo(14_400 / 2 + SENSORS * 30);
      assertThat(t.queryLong("SELECT count(DISTINCT ingest_xid) FROM sensors_data_p20260303")).isGreaterThan(1);
    }
  }

  @Test
  void rowsAppearWithTheirDaysCommitEachOnceForAReaderFollowingCommits() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("bulk days follow")) {
      CommittedRows committed = new CommittedRows(t.database());
      String before = committed.snapshot();
      String during;
      try (ReadingWriter w = bulk(t.database())) {
        w.writeAll(ROWS.subList(0, 10_000)); // most of the first day
        awaitCopying(t);
        // Its rows sent, its load not committed: none of them visible, not even part of the day.
        assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isZero();
        during = committed.snapshot();
        w.flush();
      }
      String after = committed.snapshot();
      assertThat(committed.sensorsCommittedBetween(before, during)).isEmpty();
      assertThat(committed.sensorsCommittedBetween(during, after)).hasSize(SENSORS);
      // Every row committed between the two looks, none before: a follower takes each once.
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data WHERE pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)",
          during)).isZero();
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data WHERE pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)",
          after)).isEqualTo(10_000);
    }
  }

  @Test
  void aLoadKilledMidwayLeavesNothingTheNextRunTripsOn() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("bulk days killed")) {
      ReadingWriter w = bulk(t.database());
      w.writeAll(ROWS.subList(0, 5_000));
      long pid = awaitCopying(t);
      // As a kill -9 of sample does to its load: the connection gone mid-COPY.
      t.execute("SELECT pg_terminate_backend(" + pid + ")");
      assertThatThrownBy(w::close).isInstanceOf(StoreException.class);
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isZero();
      // What a kill between creating the fresh table and loading it leaves (its backend gone).
      t.execute("CREATE TABLE aw_load_p20260301_999999 (LIKE sensors_data INCLUDING DEFAULTS)");
      try (ReadingWriter again = bulk(t.database())) {
        again.writeAll(ROWS);
      }
      assertThat(t.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'aw_load%'")).isZero();
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(ROWS.size());
      assertThat(partitions(t)).containsExactly("sensors_data_p20260301", "sensors_data_p20260302", "sensors_data_p20260303");
    }
  }

  /** Waits until a day's load runs its COPY; returns its backend's pid. */
  private static long awaitCopying(TestDatabase t) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      long pid = t.queryLong("SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE query LIKE 'COPY aw_load_%'");
      if (pid != 0) {
        return pid;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no bulk load started");
  }

  private static List<String> partitions(TestDatabase t) {
    return strings(t, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = 'sensors_data'::regclass AND c.relname <> 'sensors_data_default' ORDER BY 1");
  }

  /** Columns, defaults, partition bound, indexes with their parents, constraints, options: what \d+ shows. */
  private static String layout(TestDatabase t, String partition) {
    String sql = """
        SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
          SELECT format('column %s %s %s %s %s %s', a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                        a.attnotnull, a.attstorage, pg_get_expr(d.adbin, d.adrelid)) AS x
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE a.attrelid = 'PARTITION'::regclass AND a.attnum > 0 AND NOT a.attisdropped
          UNION ALL
          SELECT format('table %s %s %s %s', c.relkind, c.relpersistence, c.reloptions, pg_get_expr(c.relpartbound, c.oid))
            FROM pg_class c WHERE c.oid = 'PARTITION'::regclass
          UNION ALL
          SELECT format('index %s %s', regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE', ''),
                        coalesce((SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = i.indexrelid), '-'))
            FROM pg_index i WHERE i.indrelid = 'PARTITION'::regclass
          UNION ALL
          SELECT format('%s %s %s %s', conname, CASE contype WHEN 'p' THEN 'PRIMARY KEY' ELSE contype::text END,
                        pg_get_constraintdef(oid), conparentid <> 0)
            FROM pg_constraint WHERE conrelid = 'PARTITION'::regclass) l""".replace("PARTITION", partition);
    return t.queryString(sql);
  }

  /** The rows of a partition, as text, in key order (ingest_xid aside: another transaction). */
  private static String rows(TestDatabase t, String partition) {
    return t.queryString("SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', id, \"timestamp\", sensor_id, type,"
        + " category, value, unit, location, sensors_metadata), ',' ORDER BY sensor_id, \"timestamp\")) FROM " + partition);
  }

  private static List<String> strings(TestDatabase t, String sql) {
    try (Connection c = t.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
