package com.anomalywatcher.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the dashboard ({@code serve}) and {@code plot} read: each sensor's latest reading, readings
 * downsampled in the database (min and max per time bucket, so a one-reading spike survives any
 * range), episodes and alerts over a range; and the dashboard's two writes on alerts (acknowledge,
 * resolve). Thread-safe; uses, does not own, the {@link Database}.
 */
public final class DashboardStore {

  /**
   * A sensor and its newest reading; {@code site} and {@code sensorSet} as {@link SensorSite} names
   * them: the site its metadata names, or null (the sensor is then a site of its own), and its set
   * (registered, else the set name its metadata gives), or null for a sensor without one or not
   * looked up yet. Every set numbers its sites from 0.
   */
  public record SensorLatest(
      String sensorId, String type, String category, String unit, String location, String site,
      String sensorSet, Instant lastAt, double lastValue) {
    public SensorLatest {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(lastAt, "lastAt");
    }

    /** This reading with {@code set} as its set when it has none. */
    public SensorLatest orInSet(String set) {
      return sensorSet != null || set == null ? this
          : new SensorLatest(sensorId, type, category, unit, location, site, set, lastAt, lastValue);
    }

    /** The site this sensor is on ({@link SensorSite}), as the monitor keys it too. */
    public SensorSite place() {
      return new SensorSite(sensorId, location, sensorSet, site);
    }
  }

  /** Readings of one time bucket: the first reading's time, min, max, mean and how many. */
  public record Bucket(Instant first, double min, double max, double mean, long count) {}

  /** A labelled episode over {@code [start, end)}: {@code group} is "anomaly" or "benign". */
  public record Event(String sensorId, String group, String kind, Instant start, Instant end, String source) {}

  /**
   * An alert as the dashboard shows it.
   *
   * @param resolvedAt null while open
   * @param acknowledgedAt null until a person acknowledges it
   * @param expectedLow NaN when unknown (so is expectedHigh)
   */
  public record Alert(
      long id, String sensorId, String category, String location, Instant openedAt, Instant resolvedAt,
      Instant acknowledgedAt, double peakScore, Instant peakAt, String kind, double value,
      double expectedLow, double expectedHigh, String unit, String explanation) {}

  /**
   * Which alerts: those active at some time in {@code [from, to)} (opened before {@code to}, not
   * resolved before {@code from}); each filter null means any. {@code sensorIds} keeps the alerts of
   * those sensors only (a site's, say); an empty set matches no alert.
   */
  public record AlertQuery(Boolean open, Instant from, Instant to, String sensorId, Set<String> sensorIds,
      String location, String kind, int limit) {
    public AlertQuery {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      sensorIds = sensorIds == null ? null : Set.copyOf(sensorIds);
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be >= 1, got " + limit);
      }
    }
  }

  /**
   * Newest reading of each sensor {@link SensorsWithReadings} names, one index probe per sensor, with
   * its registered set and its metadata, from which {@link SensorSite} names its set and site.
   */
  private static final String LATEST_PER_SENSOR = """
      SELECT x.sensor_id, x.type, x.category, x.unit, x.location, x.sensors_metadata::text,
             %s, x."timestamp", x.value
        FROM ids CROSS JOIN LATERAL %s x
       ORDER BY ids.sensor_id""".formatted(SensorSets.setOf("ids.sensor_id"), SensorsWithReadings.newestRow(
          "sensor_id, type, category, unit, location, sensors_metadata, \"timestamp\", value"));

  private static final String LATEST_OF_SENSOR = """
      SELECT d.sensor_id, d.type, d.category, d.unit, d.location, d.sensors_metadata::text,
             %s, d."timestamp", d.value
        FROM sensors_data d WHERE d.sensor_id = ? ORDER BY d."timestamp" DESC LIMIT 1""".formatted(SensorSets.setOf("d.sensor_id"));

  private static final String BUCKETS = """
      SELECT min("timestamp"), min(value), max(value), avg(value), count(*)
        FROM sensors_data
       WHERE sensor_id = ? AND "timestamp" >= ? AND "timestamp" < ?
       GROUP BY date_bin(make_interval(secs => ?), "timestamp", ?)
       ORDER BY 1""";

  private static final String BUCKETS_OF_SENSORS = """
      SELECT sensor_id, min("timestamp"), min(value), max(value), avg(value), count(*)
        FROM sensors_data
       WHERE sensor_id = ANY(?) AND "timestamp" >= ? AND "timestamp" < ?
       GROUP BY sensor_id, date_bin(make_interval(secs => ?), "timestamp", ?)
       ORDER BY 1, 2""";

  /** Labelled anomalies and benign look-alikes (the realistic world's) overlapping a range. */
  private static final String EPISODES = """
      SELECT sensor_id, 'anomaly', kind, start_time, end_time, source FROM anomaly_events
       WHERE (?::text IS NULL OR sensor_id = ?) AND start_time < ? AND end_time > ?
      UNION ALL
      SELECT sensor_id, 'benign', kind, start_time, end_time, source FROM benign_events
       WHERE (?::text IS NULL OR sensor_id = ?) AND start_time < ? AND end_time > ?
       ORDER BY 4, 1 LIMIT ?""";

  private static final String ALERTS = """
      SELECT id, sensor_id, category, location, opened_at, resolved_at, acknowledged_at, peak_score,
             peak_at, kind, value, expected_low, expected_high, unit, explanation
        FROM alerts
       WHERE opened_at < ? AND coalesce(resolved_at, 'infinity') >= ?
         AND (?::boolean IS NULL OR (resolved_at IS NULL) = ?)
         AND (?::text IS NULL OR sensor_id = ?)
         AND (?::text[] IS NULL OR sensor_id = ANY(?))
         AND (?::text IS NULL OR location = ?)
         AND (?::text IS NULL OR kind = ?)
       ORDER BY opened_at DESC, id DESC LIMIT ?""";

  private static final String OPEN_BY_KIND =
      "SELECT kind, count(*) FROM alerts WHERE resolved_at IS NULL GROUP BY kind ORDER BY kind";

  /** Changes whenever an alert is opened, extended, acknowledged or resolved. */
  private static final String ALERTS_FINGERPRINT = """
      SELECT concat_ws('/', count(*), max(id), count(resolved_at), count(acknowledged_at),
                       max(last_anomalous_at), max(peak_score)) FROM alerts""";

  private static final String ACKNOWLEDGE = """
      UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?
       WHERE id = ? AND acknowledged_at IS NULL""";

  private static final String RESOLVE = """
      UPDATE alerts SET resolved_at = ?, resolved_by = ?
       WHERE id = ? AND resolved_at IS NULL""";

  private static final String ALERT_EXISTS = "SELECT 1 FROM alerts WHERE id = ?";

  private final Database db;

  /** Uses (does not own) the given database. */
  public DashboardStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Every sensor with readings and its newest reading, ordered by id. */
  public List<SensorLatest> latestPerSensor() {
    try (Connection c = db.connection()) {
      Optional<PreparedStatement> query = SensorsWithReadings.prepare(c, LATEST_PER_SENSOR);
      if (query.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement ps = query.get(); ResultSet rs = ps.executeQuery()) {
        List<SensorLatest> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(latest(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw db.failure("read the newest reading of every sensor from sensors_data", e);
    }
  }

  /** One sensor's newest reading, or empty when it has none. */
  public Optional<SensorLatest> latestOf(String sensorId) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(LATEST_OF_SENSOR)) {
      ps.setString(1, sensorId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(latest(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("read the newest reading of " + sensorId, e);
    }
  }

  /**
   * One sensor's readings in {@code [from, to)} in buckets of {@code width} aligned on {@code from},
   * oldest first; a bucket with one reading is that reading.
   */
  public List<Bucket> buckets(String sensorId, Instant from, Instant to, Duration width) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(BUCKETS)) {
      ps.setString(1, sensorId);
      ps.setObject(2, GroundTruthStore.utc(from));
      ps.setObject(3, GroundTruthStore.utc(to));
      ps.setDouble(4, seconds(width));
      ps.setObject(5, GroundTruthStore.utc(from));
      List<Bucket> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(bucket(rs, 1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("downsample " + sensorId + " " + from + ".." + to + " in buckets of " + width, e);
    }
  }

  /** {@link #buckets} for several sensors in one query (sparklines), by sensor id. */
  public Map<String, List<Bucket>> buckets(Collection<String> sensorIds, Instant from, Instant to,
      Duration width) {
    Map<String, List<Bucket>> out = new LinkedHashMap<>();
    if (sensorIds.isEmpty()) {
      return out;
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(BUCKETS_OF_SENSORS)) {
      Array ids = c.createArrayOf("text", sensorIds.toArray());
      ps.setArray(1, ids);
      ps.setObject(2, GroundTruthStore.utc(from));
      ps.setObject(3, GroundTruthStore.utc(to));
      ps.setDouble(4, seconds(width));
      ps.setObject(5, GroundTruthStore.utc(from));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(bucket(rs, 2));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("downsample " + sensorIds.size() + " sensors " + from + ".." + to, e);
    }
  }

  /**
   * Labelled anomaly episodes and benign events overlapping {@code [from, to)}, of one sensor or
   * (null) all, oldest first.
   */
  public List<Event> episodes(String sensorId, Instant from, Instant to, int limit) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(EPISODES)) {
      for (int i = 0; i < 2; i++) {
        ps.setString(1 + 4 * i, sensorId);
        ps.setString(2 + 4 * i, sensorId);
        ps.setObject(3 + 4 * i, GroundTruthStore.utc(to));
        ps.setObject(4 + 4 * i, GroundTruthStore.utc(from));
      }
      ps.setInt(9, limit);
      List<Event> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
              rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("read anomaly_events and benign_events " + from + ".." + to, e);
    }
  }

  /** Alerts matching the query, newest first. */
  public List<Alert> alerts(AlertQuery q) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(ALERTS)) {
      ps.setObject(1, GroundTruthStore.utc(q.to()));
      ps.setObject(2, GroundTruthStore.utc(q.from()));
      bindTwice(ps, 3, q.open(), Types.BOOLEAN);
      bindTwice(ps, 5, q.sensorId(), Types.VARCHAR);
      bindTwice(ps, 7, q.sensorIds() == null ? null : c.createArrayOf("text", q.sensorIds().toArray()), Types.ARRAY);
      bindTwice(ps, 9, q.location(), Types.VARCHAR);
      bindTwice(ps, 11, q.kind(), Types.VARCHAR);
      ps.setInt(13, q.limit());
      List<Alert> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(alert(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("read alerts " + q.from() + ".." + q.to(), e);
    }
  }

  /** How many alerts are open, by kind. */
  public Map<String, Long> openAlertsByKind() {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(OPEN_BY_KIND);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("count the open alerts by kind", e);
    }
  }

  /** A short text that changes whenever any alert changes; cheap enough to poll every second. */
  public String alertsFingerprint() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(ALERTS_FINGERPRINT);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw db.failure("poll the alerts table for changes", e);
    }
  }

  /** What an acknowledge or resolve did. */
  public enum Change { DONE, ALREADY, NO_SUCH_ALERT }

  /** Marks alert {@code id} acknowledged by {@code who} at {@code at}. */
  public Change acknowledge(long id, String who, Instant at) {
    return update(ACKNOWLEDGE, "acknowledge", id, who, at);
  }

  /** Resolves alert {@code id} by hand ({@code who}) at {@code at}. */
  public Change resolve(long id, String who, Instant at) {
    return update(RESOLVE, "resolve", id, who, at);
  }

  private Change update(String sql, String action, long id, String who, Instant at) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, GroundTruthStore.utc(at));
      ps.setString(2, who);
      ps.setLong(3, id);
      if (ps.executeUpdate() == 1) {
        return Change.DONE;
      }
      try (PreparedStatement exists = c.prepareStatement(ALERT_EXISTS)) {
        exists.setLong(1, id);
        try (ResultSet rs = exists.executeQuery()) {
          return rs.next() ? Change.ALREADY : Change.NO_SUCH_ALERT;
        }
      }
    } catch (SQLException e) {
      throw db.failure(action + " alert " + id, e);
    }
  }

  private static void bindTwice(PreparedStatement ps, int index, Object value, int sqlType)
      throws SQLException {
    ps.setObject(index, value, sqlType);
    ps.setObject(index + 1, value, sqlType);
  }

  private static double seconds(Duration width) {
    if (width.isNegative() || width.isZero()) {
      throw new IllegalArgumentException("bucket width must be > 0, got " + width);
    }
    return width.toMillis() / 1000.0;
  }

  /** A row of {@link #LATEST_PER_SENSOR} or {@link #LATEST_OF_SENSOR}, its set and site named by {@link SensorSite}. */
  private static SensorLatest latest(ResultSet rs) throws SQLException {
    SensorSite place = SensorSite.of(rs.getString(1), rs.getString(5), rs.getString(7), rs.getString(6));
    return new SensorLatest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), place.site(), place.set(), instant(rs, 8), rs.getDouble(9));
  }

  private static Bucket bucket(ResultSet rs, int first) throws SQLException {
    return new Bucket(instant(rs, first), rs.getDouble(first + 1), rs.getDouble(first + 2),
        rs.getDouble(first + 3), rs.getLong(first + 4));
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    return new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
        instant(rs, 6), instant(rs, 7), rs.getDouble(8), instant(rs, 9), rs.getString(10), rs.getDouble(11),
        nanIfNull(rs, 12), nanIfNull(rs, 13), rs.getString(14), rs.getString(15));
  }

  private static double nanIfNull(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? Double.NaN : v;
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
