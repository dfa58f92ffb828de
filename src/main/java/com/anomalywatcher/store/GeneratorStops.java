package com.anomalywatcher.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How a generator's sensors last stopped ({@code generator_stops}): a planned stop is recorded; a
 * crash leaves no record, and the restarted generator labels the span its sensors produced nothing
 * as an {@code offline} episode with source {@code stopped}, so the ground truth says why those
 * readings are missing. Thread-safe (stateless over the pool).
 */
public final class GeneratorStops {
  /** A generated sensor: its id and its category as {@code anomaly_events} stores it. */
  public record Sensor(String sensorId, String category) {
    public Sensor {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(category, "category");
    }
  }

  /**
   * For each sensor without a planned-stop record: an offline episode from one interval after its
   * last stored reading to the restart, when that span is not empty. Then the records are cleared:
   * from now on the sensors run, and only a planned stop records again.
   */
  private static final String LABEL_UNPLANNED = """
      WITH s AS (
        SELECT id AS sensor_id, category FROM unnest(?::text[], ?::text[]) AS u(id, category)
         WHERE NOT EXISTS (SELECT 1 FROM generator_stops g WHERE g.sensor_id = u.id)
      ), gap AS (
        SELECT s.sensor_id, s.category,
               (SELECT max(d.timestamp) FROM sensors_data d WHERE d.sensor_id = s.sensor_id)
                 + make_interval(secs => ?) AS start_time
          FROM s
      ), labelled AS (
        INSERT INTO anomaly_events (sensor_id, category, kind, start_time, end_time, source)
        SELECT sensor_id, category, 'offline', start_time, ?::timestamptz, 'stopped' FROM gap
         WHERE start_time < ?::timestamptz
        ON CONFLICT (sensor_id, kind, start_time) DO UPDATE SET end_time = greatest(anomaly_events.end_time,
          EXCLUDED.end_time)
        RETURNING 1
      ), cleared AS (
        DELETE FROM generator_stops WHERE sensor_id = ANY (?::text[]) RETURNING 1
      )
      SELECT (SELECT count(*) FROM labelled), (SELECT count(*) FROM cleared)
      """;

  private static final String RECORD_PLANNED = """
      INSERT INTO generator_stops (sensor_id, stopped_at) SELECT id, ? FROM unnest(?::text[]) AS u(id)
      ON CONFLICT (sensor_id) DO UPDATE SET stopped_at = EXCLUDED.stopped_at""";

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public GeneratorStops(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Called by a generator before its first reading at {@code restart}: labels what a crashed
   * predecessor left unproduced (see {@link #LABEL_UNPLANNED}); returns how many sensors got a label.
   *
   * @param interval the time one reading stands for: the first missing reading is one after the last stored
   */
  public int labelUnplanned(List<Sensor> sensors, Instant restart, Duration interval) {
    return db.inTransaction("label the span a crashed generator left without readings", c -> {
      try (PreparedStatement s = c.prepareStatement(LABEL_UNPLANNED)) {
        s.setArray(1, c.createArrayOf("text", sensors.stream().map(Sensor::sensorId).toArray()));
        s.setArray(2, c.createArrayOf("text", sensors.stream().map(Sensor::category).toArray()));
        s.setDouble(3, interval.toMillis() / 1000.0);
        s.setObject(4, GroundTruthStore.utc(restart));
        s.setObject(5, GroundTruthStore.utc(restart));
        s.setArray(6, c.createArrayOf("text", sensors.stream().map(Sensor::sensorId).toArray()));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** Records that a generator stopped these sensors as planned at {@code at}, everything it made stored. */
  public void recordPlanned(List<String> sensorIds, Instant at) {
    db.inTransaction("record a planned stop of " + sensorIds.size() + " sensors in generator_stops", c -> {
      recordPlanned(c, sensorIds, at);
      return null;
    });
  }

  /** As {@link #recordPlanned(List, Instant)}, inside the caller's transaction. */
  static void recordPlanned(java.sql.Connection c, List<String> sensorIds, Instant at) throws java.sql.SQLException {
    try (PreparedStatement s = c.prepareStatement(RECORD_PLANNED)) {
      s.setObject(1, GroundTruthStore.utc(at));
      s.setArray(2, c.createArrayOf("text", sensorIds.toArray()));
      s.executeUpdate();
    }
  }
}
