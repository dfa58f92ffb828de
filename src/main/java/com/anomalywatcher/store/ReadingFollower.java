package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows new rows of {@code sensors_data} with no duplicates and no gaps, whatever order writers
 * commit in. Each row carries the id of the transaction that wrote it ({@code ingest_xid}); the
 * follower remembers the transaction snapshot of its last look and, on each poll, returns exactly
 * the rows whose transaction became visible since: visible in the new snapshot, not in the old.
 * Rows of a transaction still running at a poll come with a later poll, once committed.
 *
 * <p>One owning thread; holds no connection between polls.
 */
public final class ReadingFollower {
  /** Most rows one poll returns; the rest come with the next polls, in order. */
  public static final int MAX_ROWS_PER_POLL = 10_000;

  private static final String SNAPSHOT = "SELECT pg_current_snapshot()::text";
  private static final String NEW_ROWS =
      """
      SELECT %s FROM sensors_data
       WHERE ingest_xid >= pg_snapshot_xmin(?::pg_snapshot)::text::bigint
         AND ingest_xid < pg_snapshot_xmax(?::pg_snapshot)::text::bigint
         AND pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)
         AND NOT pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)
         AND ("timestamp", sensor_id) > (?, ?)%s
       ORDER BY "timestamp", sensor_id
       LIMIT ?
      """;

  private final Database db;
  private final ReadFilter filter;
  private final List<StoredReading> initial;
  private String seen;
  /** The snapshot being drained, and the key of the last row returned from it. */
  private String draining;
  private Instant lastTime = Instant.EPOCH;
  private String lastSensor = "";

  private ReadingFollower(Database db, ReadFilter filter, List<StoredReading> initial, String seen) {
    this.db = db;
    this.filter = filter;
    this.initial = List.copyOf(initial);
    this.seen = seen;
  }

  static ReadingFollower start(Database db, ReadFilter filter, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    try (Connection c = db.connection()) {
      // One snapshot for the first rows and the starting point, so nothing shows twice.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        String snapshot = snapshot(c);
        List<StoredReading> first = ReadingStore.latestStored(c, filter, limit);
        c.commit();
        return new ReadingFollower(db, filter, first, snapshot);
      } catch (SQLException | RuntimeException e) {
        Database.rollBack(c, e); // the failure's own error, not the rollback's on a broken connection
        throw e;
      } // the pool resets isolation and auto-commit when the connection returns
    } catch (SQLException e) {
      throw db.failure("start following sensors_data", e);
    }
  }

  /** The newest rows at the start, newest first (as {@code read} shows them). */
  public List<StoredReading> initial() {
    return initial;
  }

  /** Rows committed since the last poll (or the start), oldest first; empty when none. */
  public List<StoredReading> poll() {
    try (Connection c = db.connection()) {
      if (draining == null) {
        draining = snapshot(c);
        lastTime = Instant.EPOCH;
        lastSensor = "";
      }
      List<StoredReading> rows = newRows(c);
      if (rows.size() < MAX_ROWS_PER_POLL) {
        seen = draining;
        draining = null;
      } else {
        StoredReading last = rows.get(rows.size() - 1);
        lastTime = last.timestamp();
        lastSensor = last.sensorId();
      }
      return rows;
    } catch (SQLException e) {
      throw db.failure("poll new rows of sensors_data", e);
    }
  }

  private List<StoredReading> newRows(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(NEW_ROWS.formatted(ReadingStore.COLUMNS, filter.sql()))) {
      s.setString(1, seen);
      s.setString(2, draining);
      s.setString(3, draining);
      s.setString(4, seen);
      s.setObject(5, GroundTruthStore.utc(lastTime));
      s.setString(6, lastSensor);
      int next = filter.bind(s, 7);
      s.setInt(next, MAX_ROWS_PER_POLL);
      List<StoredReading> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(ReadingStore.stored(rs));
        }
      }
      return rows;
    }
  }

  private static String snapshot(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(SNAPSHOT)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
