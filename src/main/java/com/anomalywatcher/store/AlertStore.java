package com.anomalywatcher.store;

import com.anomalywatcher.model.AnomalyKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The monitor's incidents ({@code alerts}) and how far it has scored each sensor
 * ({@code monitor_checkpoints}); the two are committed together. Thread-safe (every call borrows
 * its own pooled connection from the {@link Database}, which the caller owns and closes).
 */
public final class AlertStore {

  /**
   * An alert (incident) as stored; identified by {@code (sensorId, openedAt)}.
   *
   * @param resolvedAt null while open
   * @param expectedLow NaN when unknown
   * @param severity 1 when opened, +1 on each escalation by a much stronger anomaly
   */
  public record AlertRow(
      String sensorId, String category, String location, Instant openedAt, Instant resolvedAt,
      Instant lastAnomalousAt, double peakScore, Instant peakAt, AnomalyKind kind, double value,
      double expectedLow, double expectedHigh, String unit, String explanation, int severity) {
    public AlertRow {
      if (severity < 1) {
        throw new IllegalArgumentException("severity must be >= 1, got " + severity + " for " + sensorId);
      }
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(openedAt, "openedAt");
      Objects.requireNonNull(lastAnomalousAt, "lastAnomalousAt");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(explanation, "explanation");
    }

    /** An alert as first opened (severity 1). */
    public AlertRow(
        String sensorId, String category, String location, Instant openedAt, Instant resolvedAt,
        Instant lastAnomalousAt, double peakScore, Instant peakAt, AnomalyKind kind, double value,
        double expectedLow, double expectedHigh, String unit, String explanation) {
      this(sensorId, category, location, openedAt, resolvedAt, lastAnomalousAt, peakScore, peakAt, kind, value,
          expectedLow, expectedHigh, unit, explanation, 1);
    }

    public boolean isOpen() {
      return resolvedAt == null;
    }
  }

  /**
   * How far monitor has scored a sensor.
   *
   * @param quietReadings readings below the threshold since the open alert's last anomalous one
   */
  public record Checkpoint(
      String sensorId, Instant lastScoredAt, long scoredCount, int quietReadings, boolean ready,
      Instant updatedAt) {}

  private static final String UPSERT_ALERT = """
      INSERT INTO alerts (sensor_id, category, location, opened_at, resolved_at, last_anomalous_at,
                          peak_score, peak_at, kind, value, expected_low, expected_high, unit, explanation, severity)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id, opened_at) DO UPDATE SET
        resolved_at = EXCLUDED.resolved_at, last_anomalous_at = EXCLUDED.last_anomalous_at,
        peak_score = EXCLUDED.peak_score, peak_at = EXCLUDED.peak_at, kind = EXCLUDED.kind,
        value = EXCLUDED.value, expected_low = EXCLUDED.expected_low,
        expected_high = EXCLUDED.expected_high, explanation = EXCLUDED.explanation,
        severity = EXCLUDED.severity
      WHERE alerts.resolved_by IS NULL""";


  private static final String ALERT_COLUMNS = """
      sensor_id, category, location, opened_at, resolved_at, last_anomalous_at, peak_score, peak_at,
      kind, value, expected_low, expected_high, unit, explanation, severity""";

  /** Of the given alerts (keys as two arrays), those a person resolved. */
  private static final String CLOSED_BY_PEOPLE = "SELECT " + ALERT_COLUMNS + " " + """
       FROM alerts WHERE resolved_by IS NOT NULL
        AND (sensor_id, opened_at) IN (SELECT * FROM unnest(?::text[], ?::timestamptz[]))""";

  private static final String OPEN_ALERTS =
      "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE resolved_at IS NULL ORDER BY opened_at";

  private static final String LIST_ALERTS = "SELECT " + ALERT_COLUMNS + " " + """
       FROM alerts WHERE (NOT ? OR resolved_at IS NULL) AND opened_at >= ?
      ORDER BY opened_at DESC, sensor_id LIMIT ?""";

  private static final String ALERTS_OPENED_IN = "SELECT " + ALERT_COLUMNS + " " + """
       FROM alerts WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, sensor_id""";

  private static final String LATEST_ALERTS = "SELECT DISTINCT ON (sensor_id) " + ALERT_COLUMNS
      + " FROM alerts ORDER BY sensor_id, opened_at DESC";

  private static final String UPSERT_CHECKPOINT = """
      INSERT INTO monitor_checkpoints (sensor_id, last_scored_at, scored_count, quiet_readings, ready, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE SET last_scored_at = EXCLUDED.last_scored_at,
        scored_count = EXCLUDED.scored_count, quiet_readings = EXCLUDED.quiet_readings,
        ready = EXCLUDED.ready, updated_at = EXCLUDED.updated_at""";

  private static final String CHECKPOINTS = """
      SELECT sensor_id, last_scored_at, scored_count, quiet_readings, ready, updated_at
      FROM monitor_checkpoints""";

  private final Database db;
  private final MonitorFence fence;

  /** Uses (does not own) the given database; its commits are not fenced. */
  public AlertStore(Database db) {
    this(db, MonitorFence.NONE);
  }

  /**
   * Uses (does not own) the given database; each commit first passes {@code fence}, so a monitor
   * that lost its lease stores nothing ({@link LeaseLostException}).
   */
  public AlertStore(Database db, MonitorFence fence) {
    this.db = Objects.requireNonNull(db, "db");
    this.fence = Objects.requireNonNull(fence, "fence");
  }

  /** Stored monitor checkpoints by sensor id. */
  public Map<String, Checkpoint> checkpoints() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(CHECKPOINTS);
        ResultSet rs = ps.executeQuery()) {
      Map<String, Checkpoint> out = new HashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), new Checkpoint(rs.getString(1), rs.getTimestamp(2).toInstant(),
            rs.getLong(3), rs.getInt(4), rs.getBoolean(5), rs.getTimestamp(6).toInstant()));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("reading monitor_checkpoints", e);
    }
  }

  /**
   * Writes alert changes and checkpoints in one transaction, so a crash leaves either both or
   * neither: a restart then neither re-alerts nor skips readings.
   */
  public void commit(List<AlertRow> alerts, List<Checkpoint> checkpoints) {
    commit(alerts, checkpoints, List.of());
  }

  /** An alert's identity: its sensor and when it opened. */
  public record AlertKey(String sensorId, Instant openedAt) {
    public static AlertKey of(AlertRow a) {
      return new AlertKey(a.sensorId(), a.openedAt());
    }
  }

  /**
   * Writes alert changes, their events for the sinks (the outbox, see {@link OutboxStore}) and
   * checkpoints in one transaction: an alert change is never stored without its notification, nor
   * notified without being stored. An alert a person resolved (on the dashboard) is left as they
   * closed it: its changes and their events are not written, and its key is returned, so the
   * monitor stops speaking for it.
   *
   * @return the keys of the given alerts that a person had resolved (not written)
   */
  public java.util.Set<AlertKey> commit(List<AlertRow> alerts, List<Checkpoint> checkpoints,
      List<OutboxStore.Event> events) {
    return commit(alerts, checkpoints, events, List.of());
  }

  /**
   * As {@link #commit(List, List, List)}, with the running states of the checkpointed sensors
   * ({@link MonitorStateStore}) in the same transaction: a restart finds each state at its checkpoint.
   */
  public java.util.Set<AlertKey> commit(List<AlertRow> alerts, List<Checkpoint> checkpoints,
      List<OutboxStore.Event> events, List<MonitorStateStore.Saved> states) {
    return commit(alerts, checkpoints, events, states, null);
  }

  /**
   * As {@link #commit(List, List, List, List)}, recording {@code read} as the monitor's read in
   * progress (null: none to record) in the same transaction.
   */
  public java.util.Set<AlertKey> commit(List<AlertRow> alerts, List<Checkpoint> checkpoints,
      List<OutboxStore.Event> events, List<MonitorStateStore.Saved> states, MonitorStateStore.Read read) {
    return commit(alerts, checkpoints, events, states, read, null);
  }

  /**
   * As {@link #commit(List, List, List, List, MonitorStateStore.Read)}, recording {@code arrivals}
   * (a snapshot, null: none to record) as how far the monitor took in arrivals, in the same
   * transaction ({@link MonitorStateStore#arrivals}).
   */
  public java.util.Set<AlertKey> commit(List<AlertRow> alerts, List<Checkpoint> checkpoints,
      List<OutboxStore.Event> events, List<MonitorStateStore.Saved> states, MonitorStateStore.Read read,
      String arrivals) {
    String action = "writing " + alerts.size() + " alert changes, " + events.size() + " alert events, "
        + checkpoints.size() + " checkpoints and " + states.size() + " running states";
    return db.inTransaction(action, c -> {
      fence.check(c);
      java.util.Set<AlertKey> closed = writeAlerts(c, alerts);
      OutboxStore.append(c, closed.isEmpty() ? events
          : events.stream().filter(e -> !closed.contains(new AlertKey(e.sensorId(), e.openedAt()))).toList());
      writeCheckpoints(c, checkpoints);
      MonitorStateStore.write(c, states);
      if (read != null) {
        MonitorStateStore.writeRead(c, read);
      }
      if (arrivals != null) {
        MonitorStateStore.writeArrivals(c, arrivals);
      }
      return closed;
    });
  }

  /**
   * Of the given alerts, those a person resolved (the dashboard's resolve), as they stand now;
   * one query over the alerts' keys.
   */
  public List<AlertRow> closedByPeople(java.util.Collection<AlertKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return queryAlerts(CLOSED_BY_PEOPLE, ps -> {
      Connection c = ps.getConnection();
      ps.setArray(1, c.createArrayOf("text", keys.stream().map(AlertKey::sensorId).toArray()));
      ps.setArray(2, c.createArrayOf("timestamptz", keys.stream().map(k -> Timestamp.from(k.openedAt())).toArray()));
    });
  }

  /** Upserts the alerts; returns the keys of those not written because a person resolved them. */
  private static java.util.Set<AlertKey> writeAlerts(Connection c, List<AlertRow> alerts) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_ALERT)) {
      for (AlertRow a : alerts) {
        ps.setString(1, a.sensorId());
        ps.setString(2, a.category());
        ps.setString(3, a.location());
        ps.setTimestamp(4, Timestamp.from(a.openedAt()));
        ps.setTimestamp(5, a.resolvedAt() == null ? null : Timestamp.from(a.resolvedAt()));
        ps.setTimestamp(6, Timestamp.from(a.lastAnomalousAt()));
        ps.setDouble(7, a.peakScore());
        ps.setTimestamp(8, Timestamp.from(a.peakAt()));
        ps.setString(9, a.kind().dbName());
        ps.setDouble(10, a.value());
        setNullableDouble(ps, 11, a.expectedLow());
        setNullableDouble(ps, 12, a.expectedHigh());
        ps.setString(13, a.unit());
        ps.setString(14, a.explanation());
        ps.setInt(15, a.severity());
        ps.addBatch();
      }
      int[] written = ps.executeBatch();
      java.util.Set<AlertKey> closed = new java.util.HashSet<>();
      for (int i = 0; i < written.length; i++) {
        if (written[i] == 0) { // the conflict update's WHERE kept a person's resolve
          closed.add(AlertKey.of(alerts.get(i)));
        }
      }
      return closed;
    }
  }

  private static void writeCheckpoints(Connection c, List<Checkpoint> checkpoints) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_CHECKPOINT)) {
      for (Checkpoint k : checkpoints) {
        ps.setString(1, k.sensorId());
        ps.setTimestamp(2, Timestamp.from(k.lastScoredAt()));
        ps.setLong(3, k.scoredCount());
        ps.setInt(4, k.quietReadings());
        ps.setBoolean(5, k.ready());
        ps.setTimestamp(6, Timestamp.from(k.updatedAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void setNullableDouble(PreparedStatement ps, int index, double v) throws SQLException {
    if (Double.isFinite(v)) {
      ps.setDouble(index, v);
    } else {
      ps.setNull(index, Types.DOUBLE);
    }
  }

  /** Alerts that are still open, oldest first. */
  public List<AlertRow> openAlerts() {
    return queryAlerts(OPEN_ALERTS, ps -> {});
  }

  /** Each sensor's most recent alert, open or resolved. */
  public List<AlertRow> latestAlertPerSensor() {
    return queryAlerts(LATEST_ALERTS, ps -> {});
  }

  /** Alerts opened at or after {@code since}, newest first, at most {@code limit}. */
  public List<AlertRow> alerts(boolean openOnly, Instant since, int limit) {
    return queryAlerts(LIST_ALERTS, ps -> {
      ps.setBoolean(1, openOnly);
      ps.setTimestamp(2, Timestamp.from(since));
      ps.setInt(3, limit);
    });
  }

  /** Alerts opened in {@code [from, to)}, oldest first. */
  public List<AlertRow> alertsOpenedIn(Instant from, Instant to) {
    return queryAlerts(ALERTS_OPENED_IN, ps -> {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
    });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<AlertRow> queryAlerts(String sql, Binder binder) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<AlertRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(alertOf(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("reading alerts", e);
    }
  }

  private static AlertRow alertOf(ResultSet rs) throws SQLException {
    Timestamp resolved = rs.getTimestamp(5);
    return new AlertRow(rs.getString(1), rs.getString(2), rs.getString(3),
        rs.getTimestamp(4).toInstant(), resolved == null ? null : resolved.toInstant(),
        rs.getTimestamp(6).toInstant(), rs.getDouble(7), rs.getTimestamp(8).toInstant(),
        AnomalyKind.parse(rs.getString(9)), rs.getDouble(10), nullableDouble(rs, 11), nullableDouble(rs, 12),
        rs.getString(13), rs.getString(14), rs.getInt(15));
  }

  private static double nullableDouble(ResultSet rs, int index) throws SQLException {
    double v = rs.getDouble(index);
    return rs.wasNull() ? Double.NaN : v;
  }
}
