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

  /**
   * The read a monitor had in progress: its range starts after {@code after}, and it saw the rows
   * visible in {@code snapshot} ({@code pg_current_snapshot()} text).
   */
  public record Read(Instant after, String snapshot) {
    public Read {
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(snapshot, "snapshot");
    }
  }

  private static final String UPSERT_READ = """
      INSERT INTO monitor_read (id, after, snapshot) VALUES (1, ?, ?)
      ON CONFLICT (id) DO UPDATE SET after = EXCLUDED.after, snapshot = EXCLUDED.snapshot""";

  private static final String LAST_READ = "SELECT after, snapshot FROM monitor_read WHERE id = 1";

  private static final String UPSERT_ARRIVALS = """
      INSERT INTO monitor_arrivals (id, snapshot) VALUES (1, ?)
      ON CONFLICT (id) DO UPDATE SET snapshot = EXCLUDED.snapshot""";

  private static final String ARRIVALS = "SELECT snapshot FROM monitor_arrivals WHERE id = 1";

  private static final String UPSERT = """
      INSERT INTO monitor_state (sensor_id, scored_at, format, model_to, state) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE SET scored_at = EXCLUDED.scored_at, format = EXCLUDED.format,
        model_to = EXCLUDED.model_to, state = EXCLUDED.state""";

  private static final String READ = """
      SELECT sensor_id, scored_at, format, model_to, state FROM monitor_state WHERE sensor_id = ANY (?)""";

  private final Database db;
  private final MonitorFence fence;

  /** Uses (does not own) the given database; its saves are not fenced. */
  public MonitorStateStore(Database db) {
    this(db, MonitorFence.NONE);
  }

  /** Uses (does not own) the given database; each save first passes {@code fence} ({@link LeaseLostException}). */
  public MonitorStateStore(Database db, MonitorFence fence) {
    this.db = Objects.requireNonNull(db, "db");
    this.fence = Objects.requireNonNull(fence, "fence");
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

  /**
   * Reclaims the space of replaced states. Each commit rewrites the states it checkpoints: on a
   * server whose autovacuum is off or slow, the dead versions would pile up (at 10,000 sensors, tens
   * of MB per cycle). Runs outside any transaction, on a table of one row per sensor.
   */
  public void vacuum() {
    try (Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
      s.execute("VACUUM monitor_state");
    } catch (SQLException e) {
      throw db.failure("VACUUM monitor_state", e);
    }
  }

  /** Writes the states in a transaction of their own (each at its sensor's current checkpoint). */
  public void save(List<Saved> states) {
    db.inTransaction("writing " + states.size() + " running states", c -> {
      fence.check(c);
      write(c, states);
      return null;
    });
  }

  /** The read the last monitor had in progress, or null. */
  public Read lastRead() {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(LAST_READ);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Read(rs.getTimestamp(1).toInstant(), rs.getString(2)) : null;
    } catch (SQLException e) {
      throw db.failure("reading monitor_read", e);
    }
  }

  /**
   * The snapshot of the monitor's last cycle ({@code pg_current_snapshot()} text): the rows it
   * shows were all taken in, the rows committed after it are new arrivals. Null before any cycle.
   */
  public String arrivals() {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(ARRIVALS);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw db.failure("reading monitor_arrivals", e);
    }
  }

  /** Records how far arrivals were taken in, inside the caller's transaction. */
  static void writeArrivals(Connection c, String snapshot) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_ARRIVALS)) {
      ps.setString(1, snapshot);
      ps.executeUpdate();
    }
  }

  /** Records the read in progress inside the caller's transaction. */
  static void writeRead(Connection c, Read read) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_READ)) {
      ps.setTimestamp(1, Timestamp.from(read.after()));
      ps.setString(2, read.snapshot());
      ps.executeUpdate();
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
