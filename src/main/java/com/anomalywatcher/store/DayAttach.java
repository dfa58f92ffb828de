package com.anomalywatcher.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The SQL that makes a day's loaded stage table its partition of {@code sensors_data}, in the load's
 * transaction ({@link DayLoad}): the indexes every day has, built in bulk; the day's range as a CHECK
 * constraint, so {@code ATTACH PARTITION} need not scan the day; whether the day may become the stage
 * (no partition, or an empty one nobody writes); the renames and the attach. And the slower path
 * when it may not: the rows into {@code sensors_data}, skipping those stored already. Holds no
 * connection; used on its day's load thread.
 */
final class DayAttach {
  /** How long the final step waits for the locks it needs before taking the slower path. */
  static final String LOCK_TIMEOUT = "10s";

  private final String stage;
  private final String partition;
  private final LocalDate day;

  /** For the stage table {@code stage} of {@code day}, whose partition is named {@code partition}. */
  DayAttach(String stage, String partition, LocalDate day) {
    this.stage = stage;
    this.partition = partition;
    this.day = day;
  }

  /** The indexes every day has, and what PartitionCloser adds to a complete day. */
  void index(Statement s, boolean complete) throws SQLException {
    s.execute("ALTER TABLE " + stage + " ADD CONSTRAINT " + stage + "_pkey PRIMARY KEY (sensor_id, \"timestamp\")");
    s.execute("CREATE INDEX " + stage + "_timestamp_idx ON " + stage + " (\"timestamp\")");
    s.execute("CREATE INDEX " + stage + "_ingest_xid_idx ON " + stage + " (ingest_xid)");
    if (complete) {
      s.execute("CREATE INDEX " + stage + "_category_time ON " + stage
          + " (category, \"timestamp\") INCLUDE (sensor_id, value)");
      s.execute("ANALYZE " + stage + " (" + PartitionCloser.ANALYZED + ")");
    }
    // Implies the partition constraint, so ATTACH PARTITION need not scan the day to prove it.
    s.execute("ALTER TABLE " + stage + " ADD CONSTRAINT " + stage + "_range CHECK (" + range("\"timestamp\"") + ")");
  }

  /** The slower path: the rows into sensors_data, skipping those stored already. */
  long insert(Statement s) throws SQLException {
    s.execute("SELECT aw_ensure_partitions('" + day + "', '" + day + "')");
    long inserted = s.executeUpdate("INSERT INTO sensors_data (" + CopySink.COLUMNS + ") SELECT "
        + CopySink.COLUMNS + " FROM " + stage + " ON CONFLICT DO NOTHING");
    s.execute("DROP TABLE " + stage);
    return inserted;
  }

  /**
   * Whether the day may become this table: no partition yet, or an empty one nobody writes (it is
   * dropped). Takes the partition functions' lock, so no other writer of this program creates or
   * drops a day meanwhile, until this transaction ends.
   */
  boolean replaceable(Statement s) throws SQLException {
    s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
    s.execute("SELECT pg_advisory_xact_lock(hashtext('aw_ensure_partitions'))");
    if (!exists(s, partition)) {
      return true;
    }
    // Waits for every transaction using sensors_data to end (and holds off new ones for the few
    // catalog changes up to the commit), so an uncommitted write into the empty day is seen below.
    s.execute("LOCK TABLE ONLY sensors_data IN ACCESS EXCLUSIVE MODE");
    try (ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + partition + ")")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return false;
      }
    }
    s.execute("DROP TABLE " + partition);
    return true;
  }

  /** The stage and its indexes renamed to the partition's names, attached, its range check dropped. */
  void renameAndAttach(Statement s, boolean complete) throws SQLException {
    s.execute("ALTER TABLE " + stage + " RENAME TO " + partition);
    for (String index : complete
        ? new String[] {"pkey", "timestamp_idx", "ingest_xid_idx", "category_time"}
        : new String[] {"pkey", "timestamp_idx", "ingest_xid_idx"}) {
      s.execute("ALTER INDEX " + stage + "_" + index + " RENAME TO " + partition + "_" + index);
    }
    s.execute("ALTER TABLE sensors_data ATTACH PARTITION " + partition + " FOR VALUES FROM ('"
        + lower() + "') TO ('" + upper() + "')");
    s.execute("ALTER TABLE " + partition + " DROP CONSTRAINT " + stage + "_range");
  }

  private String range(String column) {
    return column + " >= '" + lower() + "' AND " + column + " < '" + upper() + "'";
  }

  private String lower() {
    return day.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
  }

  private String upper() {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime().toString();
  }

  private static boolean exists(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
