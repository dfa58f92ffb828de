package com.anomalywatcher.store;

import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.Category;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One of the two tables of labelled intervals, {@code anomaly_events} and {@code benign_events}:
 * the same columns, one row per sensor, kind and start, {@code [start, end)}, and the same
 * statements but for the table's name. Their stores convert their own records to and from
 * {@link Label}s. Thread-safe (stateless).
 */
final class LabelTable {
  /** A row of either table, its kind by its database name. */
  record Label(String sensorId, Category category, String kind, Instant start, Instant end,
      Map<String, Double> parameters, AnomalySource source) {

    /**
     * The label in the current row of a query selecting, in this order, {@code sensor_id, category,
     * kind, start_time, end_time, parameters::text, source}.
     */
    static Label read(ResultSet rs) throws SQLException {
      return new Label(
          rs.getString(1),
          Category.parse(rs.getString(2)),
          rs.getString(3),
          rs.getObject(4, OffsetDateTime.class).toInstant(),
          rs.getObject(5, OffsetDateTime.class).toInstant(),
          Json.readDoubles(rs.getString(6)),
          AnomalySource.parse(rs.getString(7)));
    }
  }

  static final LabelTable ANOMALIES = new LabelTable("anomaly_events");
  static final LabelTable BENIGN = new LabelTable("benign_events");

  private static final String UPSERT =
      """
      INSERT INTO %s (sensor_id, category, kind, start_time, end_time, parameters, source)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
      ON CONFLICT (sensor_id, kind, start_time)
      DO UPDATE SET end_time = EXCLUDED.end_time, parameters = EXCLUDED.parameters
      """;
  private static final String OVERLAPPING =
      """
      SELECT sensor_id, category, kind, start_time, end_time, parameters::text, source
        FROM %s
       WHERE start_time < ? AND end_time > ?
       ORDER BY start_time, sensor_id, kind
      """;
  private static final String PRUNE_EXPIRED =
      """
      DELETE FROM %s
       WHERE end_time <= (SELECT value::timestamptz FROM aw_settings WHERE name = 'retention_cutoff')
      """;

  /** The table's name. */
  final String name;
  /** Drops the labels that ended before the retention cutoff (their readings are gone); no-op without. */
  final String pruneExpired;
  private final String upsert;
  private final String overlapping;

  private LabelTable(String name) {
    this.name = name;
    this.pruneExpired = PRUNE_EXPIRED.formatted(name);
    this.upsert = UPSERT.formatted(name);
    this.overlapping = OVERLAPPING.formatted(name);
  }

  /**
   * Inserts labels, or updates end time and parameters of one already stored with the same sensor,
   * kind and start, then drops the expired ones ({@link #pruneExpired}); in {@code c}'s transaction.
   */
  void upsert(Connection c, Collection<Label> labels) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(upsert)) {
      for (Label l : labels) {
        s.setString(1, l.sensorId());
        s.setString(2, l.category().dbName());
        s.setString(3, l.kind());
        s.setObject(4, GroundTruthStore.utc(l.start()));
        s.setObject(5, GroundTruthStore.utc(l.end()));
        s.setString(6, Json.write(l.parameters()));
        s.setString(7, l.source().dbName());
        s.addBatch();
      }
      s.executeBatch();
      try (Statement prune = c.createStatement()) {
        prune.executeUpdate(pruneExpired);
      }
    }
  }

  /** The labels that overlap {@code [from, to)}, ordered by start time, sensor and kind. */
  List<Label> overlapping(Database db, Instant from, Instant to) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(overlapping)) {
      s.setObject(1, GroundTruthStore.utc(to));
      s.setObject(2, GroundTruthStore.utc(from));
      List<Label> labels = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          labels.add(Label.read(rs));
        }
      }
      return labels;
    } catch (SQLException e) {
      throw db.failure("read " + name + " overlapping " + from + ".." + to, e);
    }
  }
}
