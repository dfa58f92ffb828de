package com.anomalywatcher.store;

import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import com.anomalywatcher.model.Category;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The table {@code benign_events}: labelled normal operation that looks odd, {@code [start, end)}.
 * Thread-safe (stateless over the pool).
 */
public final class BenignEventStore {
  private static final String UPSERT =
      """
      INSERT INTO benign_events (sensor_id, category, kind, start_time, end_time, parameters, source)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
      ON CONFLICT (sensor_id, kind, start_time)
      DO UPDATE SET end_time = EXCLUDED.end_time, parameters = EXCLUDED.parameters
      """;
  private static final String OVERLAPPING =
      """
      SELECT sensor_id, category, kind, start_time, end_time, parameters::text, source
        FROM benign_events
       WHERE start_time < ? AND end_time > ?
       ORDER BY start_time, sensor_id, kind
      """;

  /** Drops events that ended before the retention cutoff (their readings are gone); no-op without. */
  static final String PRUNE_EXPIRED =
      """
      DELETE FROM benign_events
       WHERE end_time <= (SELECT value::timestamptz FROM aw_settings WHERE name = 'retention_cutoff')
      """;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public BenignEventStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Inserts events, or updates end time and parameters of one already stored with the same sensor,
   * kind and start (a rerun of the same seed writes the same rows again). One transaction.
   */
  public void upsert(Collection<BenignEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    db.inTransaction("upsert of " + events.size() + " events into benign_events", c -> {
      try (PreparedStatement s = c.prepareStatement(UPSERT)) {
        for (BenignEvent e : events) {
          s.setString(1, e.sensorId());
          s.setString(2, e.category().dbName());
          s.setString(3, e.kind().dbName());
          s.setObject(4, utc(e.start()));
          s.setObject(5, utc(e.end()));
          s.setString(6, Json.write(e.parameters()));
          s.setString(7, e.source().dbName());
          s.addBatch();
        }
        s.executeBatch();
        try (Statement prune = c.createStatement()) {
          prune.executeUpdate(PRUNE_EXPIRED);
        }
      }
      return null;
    });
  }

  /** Events that overlap {@code [from, to)}, ordered by start time then sensor. */
  public List<BenignEvent> overlapping(Instant from, Instant to) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(OVERLAPPING)) {
      s.setObject(1, utc(to));
      s.setObject(2, utc(from));
      List<BenignEvent> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(new BenignEvent(
              rs.getString(1),
              Category.parse(rs.getString(2)),
              BenignKind.parse(rs.getString(3)),
              rs.getObject(4, OffsetDateTime.class).toInstant(),
              rs.getObject(5, OffsetDateTime.class).toInstant(),
              Json.readDoubles(rs.getString(6)),
              AnomalySource.parse(rs.getString(7))));
        }
      }
      return events;
    } catch (SQLException e) {
      throw db.failure("read benign_events overlapping " + from + ".." + to, e);
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
