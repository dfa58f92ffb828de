package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What was written to {@code sensors_data} between two looks, found by the transaction that wrote
 * each row ({@code ingest_xid}, indexed) as {@link ReadingFollower} does: the rows visible in the
 * newer snapshot and not in the older. The work grows with the rows committed in between, not
 * with the table or the fleet. Stateless; thread-safe.
 */
public final class CommittedRows {
  private static final String SNAPSHOT = "SELECT pg_current_snapshot()::text";
  private static final String SENSORS =
      """
      SELECT DISTINCT sensor_id FROM sensors_data
       WHERE ingest_xid >= pg_snapshot_xmin(?::pg_snapshot)::text::bigint
         AND ingest_xid < pg_snapshot_xmax(?::pg_snapshot)::text::bigint
         AND pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)
         AND NOT pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)""";

  /**
   * The rows committed after {@code older} and visible in {@code newer} whose timestamp is at or
   * before their sensor's monitor checkpoint: they arrived after the monitor had scored past them.
   */
  private static final String BEHIND_CHECKPOINTS =
      """
      SELECT d.sensor_id, d.timestamp, d.value FROM sensors_data d
        JOIN monitor_checkpoints m ON m.sensor_id = d.sensor_id AND d.timestamp <= m.last_scored_at
       WHERE d.ingest_xid >= pg_snapshot_xmin(?::pg_snapshot)::text::bigint
         AND d.ingest_xid < pg_snapshot_xmax(?::pg_snapshot)::text::bigint
         AND pg_visible_in_snapshot(d.ingest_xid::text::xid8, ?::pg_snapshot)
         AND NOT pg_visible_in_snapshot(d.ingest_xid::text::xid8, ?::pg_snapshot)
       ORDER BY d.timestamp, d.sensor_id""";

  private final Database db;

  public CommittedRows(Database db) {
    this.db = db;
  }

  /** The database's current snapshot, as text, to look from later. */
  public String snapshot() {
    try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SNAPSHOT)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw db.failure("take a snapshot of sensors_data", e);
    }
  }

  /** The oldest transaction still running in {@code snapshot} (text): every smaller id had ended. */
  static long xmin(String snapshot) {
    int colon = snapshot.indexOf(':');
    try {
      return Long.parseLong(colon < 0 ? snapshot : snapshot.substring(0, colon));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a pg_snapshot: '" + snapshot + "'", e);
    }
  }

  /**
   * The readings committed after {@code older} and visible in {@code newer} that lie at or before
   * their sensor's stored monitor checkpoint (late arrivals), in time order; one query over the
   * rows committed in between (the {@code ingest_xid} index), whatever the table's size.
   */
  public List<ReadingStore.Sample> behindCheckpoints(String older, String newer) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(BEHIND_CHECKPOINTS)) {
      s.setString(1, older);
      s.setString(2, newer);
      s.setString(3, newer);
      s.setString(4, older);
      List<ReadingStore.Sample> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new ReadingStore.Sample(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw db.failure("find the readings committed since the last look behind their monitor checkpoints", e);
    }
  }

  /** The sensors of the rows committed after {@code older} and visible in {@code newer}; mutable. */
  public Set<String> sensorsCommittedBetween(String older, String newer) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(SENSORS)) {
      s.setString(1, older);
      s.setString(2, newer);
      s.setString(3, newer);
      s.setString(4, older);
      Set<String> ids = new LinkedHashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw db.failure("find the sensors of the rows committed since the last look", e);
    }
  }
}
