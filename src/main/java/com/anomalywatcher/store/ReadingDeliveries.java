package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How stored readings reached {@code sensors_data}, told apart by the order their rows committed in
 * ({@code ingest_xid}): for latency measurements ({@code bench fleet}), which count from a
 * reading's own commit. Thread-safe; {@code db} stays the caller's.
 */
public final class ReadingDeliveries {
  /**
   * One stored reading.
   *
   * @param deliveredWith the newest reading of its sensor within the span after it that committed no
   *     later than it: itself for a reading that came on time, a newer one for a reading that came
   *     late (it arrived with, or after, that one)
   * @param overtaken an older reading of its sensor within the span before it committed after it (a
   *     live monitor's reorder window held it back for that one)
   * @param widestGapBefore the longest time between two consecutive stored readings of its sensor
   *     within the span before it, up to it (zero when it has no stored predecessor there): a hole
   *     wider than its interval is a reading that never came, which a reorder window waits for
   */
  public record Delivery(String sensorId, Instant timestamp, Instant deliveredWith, boolean overtaken,
      Duration widestGapBefore) {
    public Delivery {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(deliveredWith, "deliveredWith");
      Objects.requireNonNull(widestGapBefore, "widestGapBefore");
    }

    /** Whether it committed after a newer reading of its sensor. */
    public boolean late() {
      return deliveredWith.isAfter(timestamp);
    }
  }

  /** A reading asked about: a sensor and a timestamp. */
  public record Key(String sensorId, Instant timestamp) {}

  // LATERAL with LIMIT, not EXISTS: each probe stays on the (sensor_id, timestamp) index (see
  // ReadingStore's ANY_IN_WINDOWS).
  private static final String DELIVERIES = """
      SELECT k.id, k.at,
             (SELECT max(n.timestamp) FROM sensors_data n
               WHERE n.sensor_id = k.id AND n.timestamp >= k.at AND n.timestamp <= k.at + make_interval(secs => ?)
                 AND n.ingest_xid <= r.ingest_xid),
             o.overtaken IS NOT NULL,
             coalesce((SELECT extract(epoch FROM max(g.gap)) FROM
                        (SELECT q.timestamp - lag(q.timestamp) OVER (ORDER BY q.timestamp) AS gap FROM sensors_data q
                          WHERE q.sensor_id = k.id AND q.timestamp >= k.at - make_interval(secs => ?)
                            AND q.timestamp <= k.at) g), 0)
        FROM unnest(?::text[], ?::text[]::timestamptz[]) AS k(id, at)
        JOIN sensors_data r ON r.sensor_id = k.id AND r.timestamp = k.at
        LEFT JOIN LATERAL (SELECT true AS overtaken FROM sensors_data p
                            WHERE p.sensor_id = k.id AND p.timestamp < k.at AND p.timestamp >= k.at - make_interval(secs => ?)
                              AND p.ingest_xid > r.ingest_xid LIMIT 1) o ON true""";

  private final Database db;

  public ReadingDeliveries(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * The deliveries of the stored readings among {@code keys} (one query; a key with no stored row
   * is left out), looking {@code span} before and after each for its sensor's neighbours.
   */
  public List<Delivery> of(List<Key> keys, Duration span) {
    if (keys.isEmpty()) {
      return List.of();
    }
    double seconds = span.toMillis() / 1000.0;
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(DELIVERIES)) {
      ps.setDouble(1, seconds);
      ps.setDouble(2, seconds);
      ps.setArray(3, c.createArrayOf("text", keys.stream().map(Key::sensorId).toArray()));
      ps.setArray(4, c.createArrayOf("text", keys.stream().map(k -> k.timestamp().toString()).toArray()));
      ps.setDouble(5, seconds);
      List<Delivery> out = new ArrayList<>(keys.size());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Delivery(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
              rs.getBoolean(4), Duration.ofMillis(Math.round(rs.getDouble(5) * 1000))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("finding how " + keys.size() + " readings were delivered", e);
    }
  }
}
