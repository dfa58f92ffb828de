package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The monitor's running state of each sensor ({@code monitor_state}), opaque bytes written with
 * the sensor's checkpoint in {@link AlertStore#commit} and read back when a monitor starts.
 * Thread-safe (each call borrows its own pooled connection).
 */
public final class MonitorStateStore {
  /**
   * A sensor's saved running state.
   *
   * @param scoredAt the checkpoint it belongs to: its last scored reading
   * @param format the layout of {@code state}
   * @param modelTo the end of the trained model the detector grew from, null for one that warmed up live
   */
  public record Saved(String sensorId, Instant scoredAt, String format, Instant modelTo, byte[] state) {
    public Saved {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(scoredAt, "scoredAt");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(state, "state");
    }
  }

  private static final String UPSERT = """
      INSERT INTO monitor_state (sensor_id, scored_at, format, model_to, state) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE SET scored_at = EXCLUDED.scored_at, format = EXCLUDED.format,
        model_to = EXCLUDED.model_to, state = EXCLUDED.state""";

  private static final String READ = """
      SELECT sensor_id, scored_at, format, model_to, state FROM monitor_state WHERE sensor_id = ANY (?)""";

  private final Database db;

  /** Uses (does not own) the given database. */
  public MonitorStateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The saved states of the given sensors, by sensor id (sensors without one are absent). */
  public Map<String, Saved> read(Collection<String> sensorIds) {
    Map<String, Saved> out = new HashMap<>();
    if (sensorIds.isEmpty()) {
      return out;
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(READ)) {
      ps.setArray(1, c.createArrayOf("text", sensorIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp modelTo = rs.getTimestamp(4);
          out.put(rs.getString(1), new Saved(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
              modelTo == null ? null : modelTo.toInstant(), rs.getBytes(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("reading monitor_state of " + sensorIds.size() + " sensors", e);
    }
  }

  /** Writes the states inside the caller's transaction. */
  static void write(Connection c, List<Saved> states) throws SQLException {
    if (states.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (Saved s : states) {
        ps.setString(1, s.sensorId());
        ps.setTimestamp(2, Timestamp.from(s.scoredAt()));
        ps.setString(3, s.format());
        ps.setTimestamp(4, s.modelTo() == null ? null : Timestamp.from(s.modelTo()));
        ps.setBytes(5, s.state());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
