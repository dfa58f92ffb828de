package com.anomalywatcher.store;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The control table {@code forced_anomalies}: {@code anomaly force} adds requests, a running
 * generator claims them (each exactly once, even with several generators), {@code anomaly clear}
 * clears them. Thread-safe.
 */
public final class ForcedAnomalyStore {
  private static final String INSERT =
      """
      INSERT INTO forced_anomalies (sensor_id, category, kind, duration_seconds, requested_at)
      VALUES (?, ?, ?, ?, ?) RETURNING id
      """;
  private static final String CLAIM =
      """
      UPDATE forced_anomalies SET picked_up_at = ?
       WHERE id IN (SELECT id FROM forced_anomalies
                     WHERE picked_up_at IS NULL AND cleared_at IS NULL AND expired_at IS NULL
                       AND sensor_id = ANY (?)
                     ORDER BY id FOR UPDATE SKIP LOCKED)
      RETURNING id, sensor_id, kind, duration_seconds, requested_at
      """;
  private static final String CLEAR_ALL =
      "UPDATE forced_anomalies SET cleared_at = ? WHERE cleared_at IS NULL";
  private static final String LAST_CLEAR = "SELECT max(cleared_at) FROM forced_anomalies";
  /**
   * The end of a picked-up request is its episode's, as the generator labelled it: the requested
   * duration plus the readings the value takes to settle back (a spike's tail), or earlier when
   * another forced anomaly cut it short. Until the generator has stored the episode (the tick that
   * picked it up), the planned end.
   */
  private static final String ACTIVE =
      """
      SELECT f.id, f.sensor_id, f.kind, f.duration_seconds, f.requested_at, f.picked_up_at, f.ends_at
        FROM (SELECT r.*, coalesce(e.end_time, r.picked_up_at + make_interval(secs => r.duration_seconds)) AS ends_at
                FROM forced_anomalies r
                LEFT JOIN anomaly_events e ON e.sensor_id = r.sensor_id AND e.kind = r.kind
                     AND e.start_time = r.picked_up_at AND e.source = 'forced'
               WHERE r.cleared_at IS NULL AND r.expired_at IS NULL) f
       WHERE (f.picked_up_at IS NULL OR f.ends_at > ?) AND f.sensor_id IN (%s)
       ORDER BY f.id
      """.formatted(SensorLease.HELD_SENSORS);
  /**
   * The anomalies running generators are making at a time: stored labels covering it, except those
   * of forced requests in effect, which come as {@link #ACTIVE} shows them running (with the label's
   * end, or the planned end while the generator has not stored the label yet: it claims a request at
   * the start of a tick, stamped with the tick's time, and stores the label after the tick's
   * readings). So every request shown running is in progress, whatever the moment. Only on sensors a
   * live generator holds: a dead one's labels end at its next start.
   */
  private static final String IN_PROGRESS =
      """
      SELECT x.sensor_id, x.category, x.kind, x.start_time, x.end_time, x.parameters, x.source FROM (
        SELECT e.sensor_id, e.category, e.kind, e.start_time, e.end_time, e.parameters::text AS parameters, e.source
          FROM anomaly_events e
         WHERE e.start_time <= ? AND e.end_time > ?
           AND NOT EXISTS (SELECT 1 FROM forced_anomalies r WHERE e.source = 'forced' AND r.sensor_id = e.sensor_id
                              AND r.kind = e.kind AND r.picked_up_at = e.start_time
                              AND r.cleared_at IS NULL AND r.expired_at IS NULL)
        UNION ALL
        SELECT r.sensor_id, r.category, r.kind, r.picked_up_at,
               coalesce(e.end_time, r.picked_up_at + make_interval(secs => r.duration_seconds)),
               coalesce(e.parameters::text, '{}'), 'forced'
          FROM forced_anomalies r
          LEFT JOIN anomaly_events e ON e.sensor_id = r.sensor_id AND e.kind = r.kind
               AND e.start_time = r.picked_up_at AND e.source = 'forced'
         WHERE r.picked_up_at IS NOT NULL AND r.cleared_at IS NULL AND r.expired_at IS NULL
           AND coalesce(e.end_time, r.picked_up_at + make_interval(secs => r.duration_seconds)) > ?
      ) x
       WHERE x.sensor_id IN (%s)
       ORDER BY x.start_time, x.sensor_id, x.kind
      """.formatted(SensorLease.HELD_SENSORS);
  /** What a generator that died left behind: requests it never picked up, or picked up and did not finish. */
  private static final String EXPIRE_ORPHANS =
      """
      UPDATE forced_anomalies SET expired_at = ?
       WHERE sensor_id = ANY (?) AND cleared_at IS NULL AND expired_at IS NULL AND requested_at < ?
         AND (picked_up_at IS NULL OR picked_up_at + make_interval(secs => duration_seconds) > ?)
      """;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public ForcedAnomalyStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Adds a request; its category comes from the sensor id's kind.
   *
   * @return the request id
   */
  public long request(String sensorId, AnomalyKind kind, Duration duration, Instant at) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be > 0, got " + duration);
    }
    SensorKind sensorKind = SensorKind.ofSensorId(sensorId);
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, sensorId);
      s.setString(2, sensorKind.category().dbName());
      s.setString(3, kind.dbName());
      s.setLong(4, duration.toSeconds());
      s.setObject(5, GroundTruthStore.utc(at));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw db.failure("insert into forced_anomalies for " + sensorId, e);
    }
  }

  /**
   * Atomically takes the waiting requests for these sensors and marks them picked up at {@code now};
   * a request is handed to exactly one caller. Oldest first.
   */
  public List<ForcedRequest> claimNew(Collection<String> sensorIds, Instant now) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setObject(1, GroundTruthStore.utc(now));
      s.setArray(2, c.createArrayOf("text", sensorIds.toArray()));
      List<ForcedRequest> claimed = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          claimed.add(request(rs));
        }
      }
      claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
      return claimed;
    } catch (SQLException e) {
      throw db.failure("claim forced_anomalies", e);
    }
  }

  /**
   * Called by a generator as it starts, holding its sensors' lease: requests made for them before
   * it started, and forced episodes the previous generator picked up and did not finish, expire.
   *
   * @return how many expired
   */
  public int expireOrphans(Collection<String> sensorIds, Instant start) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(EXPIRE_ORPHANS)) {
      s.setObject(1, GroundTruthStore.utc(start));
      s.setArray(2, c.createArrayOf("text", sensorIds.toArray()));
      s.setObject(3, GroundTruthStore.utc(start));
      s.setObject(4, GroundTruthStore.utc(start));
      return s.executeUpdate();
    } catch (SQLException e) {
      throw db.failure("expire orphaned forced_anomalies", e);
    }
  }

  /** Marks every request not cleared yet as cleared at {@code now}; returns how many. */
  public int clearAll(Instant now) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(CLEAR_ALL)) {
      s.setObject(1, GroundTruthStore.utc(now));
      return s.executeUpdate();
    } catch (SQLException e) {
      throw db.failure("clear forced_anomalies", e);
    }
  }

  /** When the latest clear happened, if ever; a generator compares it with the last value it saw. */
  public Optional<Instant> lastClear() {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(LAST_CLEAR);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
      return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    } catch (SQLException e) {
      throw db.failure("read the last clear from forced_anomalies", e);
    }
  }

  /** Whether a clear happened after {@code since}. */
  public boolean clearedSince(Instant since) {
    return lastClear().map(t -> t.isAfter(since)).orElse(false);
  }

  /**
   * What {@code anomaly status} shows: the forced requests in effect and the anomalies in progress,
   * read in one snapshot of the database so its two sections agree.
   *
   * @param forced as {@link #active} gives them
   * @param inProgress stored labels covering {@code now} and the forced requests shown running, by
   *     start then sensor; a forced one whose label is not stored yet has its planned end and no parameters
   */
  public record Status(List<ForcedStatus> forced, List<AnomalyEpisode> inProgress) {
    public Status {
      forced = List.copyOf(forced);
      inProgress = List.copyOf(inProgress);
    }
  }

  /** {@link Status} at {@code now}, in one read-only repeatable-read transaction. */
  public Status status(Instant now) {
    return db.inTransaction("read forced_anomalies and anomaly_events for anomaly status", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      return new Status(active(c, now), inProgress(c, now));
    });
  }

  /**
   * Requests in effect at {@code now} on sensors a generator is running (it holds their
   * {@link SensorLease}): waiting for it, or picked up and not yet over. Those of a generator that
   * died are not in effect, whatever their planned end.
   */
  public List<ForcedStatus> active(Instant now) {
    try (Connection c = db.connection()) {
      return active(c, now);
    } catch (SQLException e) {
      throw db.failure("read active forced_anomalies", e);
    }
  }

  private static List<ForcedStatus> active(Connection c, Instant now) throws SQLException {
    List<ForcedStatus> active = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ACTIVE)) {
      s.setObject(1, GroundTruthStore.utc(now));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ForcedRequest r = request(rs);
          Optional<Instant> picked =
              Optional.ofNullable(rs.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
          Optional<Instant> ends = picked.isEmpty() ? Optional.empty()
              : Optional.of(rs.getObject(7, OffsetDateTime.class).toInstant());
          active.add(new ForcedStatus(r, picked, ends));
        }
      }
    }
    return active;
  }

  private static List<AnomalyEpisode> inProgress(Connection c, Instant now) throws SQLException {
    List<AnomalyEpisode> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(IN_PROGRESS)) {
      for (int i = 1; i <= 3; i++) {
        ps.setObject(i, GroundTruthStore.utc(now));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(GroundTruthStore.episode(LabelTable.Label.read(rs)));
        }
      }
    }
    return out;
  }

  private static ForcedRequest request(ResultSet rs) throws SQLException {
    return new ForcedRequest(
        rs.getLong(1),
        rs.getString(2),
        AnomalyKind.parse(rs.getString(3)),
        Duration.ofSeconds(rs.getLong(4)),
        rs.getObject(5, OffsetDateTime.class).toInstant());
  }
}
