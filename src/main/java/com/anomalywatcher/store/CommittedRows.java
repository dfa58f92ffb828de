package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
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
