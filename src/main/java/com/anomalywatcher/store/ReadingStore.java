package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads {@code sensors_data}: latest rows, time ranges, the list of sensors. Thread-safe. */
public final class ReadingStore {
  static final String COLUMNS =
      "id, \"timestamp\", sensor_id, type, category, value, unit, location, sensors_metadata::text";
  /**
   * Newest rows: the newest {@code limit} of each sensor through its (sensor_id, timestamp) key,
   * merged; reads a few rows per sensor instead of sorting whole partitions.
   */
  private static final String LATEST =
      """
      WITH RECURSIVE ids AS (
        (SELECT sensor_id FROM sensors_data ORDER BY sensor_id LIMIT 1)
        UNION ALL
        SELECT (SELECT d.sensor_id FROM sensors_data d WHERE d.sensor_id > ids.sensor_id
                 ORDER BY d.sensor_id LIMIT 1)
          FROM ids WHERE ids.sensor_id IS NOT NULL)
      SELECT x.* FROM ids CROSS JOIN LATERAL (
        SELECT %s FROM sensors_data WHERE sensor_id = ids.sensor_id%%s
         ORDER BY "timestamp" DESC LIMIT ?) x
       ORDER BY x."timestamp" DESC, x.sensor_id DESC LIMIT ?
      """.formatted(COLUMNS);
  private static final String SENSOR_RANGE =
      """
      SELECT %s FROM sensors_data
       WHERE sensor_id = ? AND "timestamp" >= ? AND "timestamp" < ?
       ORDER BY "timestamp"
      """.formatted(COLUMNS);
  private static final String RANGE =
      """
      SELECT %s FROM sensors_data
       WHERE "timestamp" >= ? AND "timestamp" < ?
       ORDER BY "timestamp", sensor_id
      """.formatted(COLUMNS);
  /** Distinct sensor ids by skipping through the (sensor_id, timestamp) index, not scanning rows. */
  private static final String SENSOR_IDS =
      """
      WITH RECURSIVE ids AS (
        (SELECT sensor_id FROM sensors_data ORDER BY sensor_id LIMIT 1)
        UNION ALL
        SELECT (SELECT d.sensor_id FROM sensors_data d WHERE d.sensor_id > ids.sensor_id
                 ORDER BY d.sensor_id LIMIT 1)
          FROM ids WHERE ids.sensor_id IS NOT NULL)
      SELECT sensor_id FROM ids WHERE sensor_id IS NOT NULL
      """;
  private static final int FETCH_SIZE = 2_000;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public ReadingStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The newest {@code limit} readings that pass the filter, newest first. */
  public List<Reading> latest(ReadFilter filter, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    try (Connection c = db.connection()) {
      return latest(c, filter, limit);
    } catch (SQLException e) {
      throw db.failure("read the latest " + limit + " rows of sensors_data", e);
    }
  }

  static List<Reading> latest(Connection c, ReadFilter filter, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LATEST.formatted(filter.sql()))) {
      int next = filter.bind(s, 1);
      s.setInt(next, limit);
      s.setInt(next + 1, limit);
      List<Reading> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(reading(rs));
        }
      }
      return rows;
    }
  }

  /** One sensor's readings in {@code [from, to)}, oldest first. */
  public List<Reading> sensorRange(String sensorId, Instant from, Instant to) {
    List<Reading> rows = new ArrayList<>();
    stream(SENSOR_RANGE, "read " + sensorId + " " + from + ".." + to, rows::add, sensorId, from, to);
    return rows;
  }

  /**
   * Every reading in {@code [from, to)} ordered by time then sensor, streamed to {@code sink} in
   * the caller's thread (constant memory for any range).
   */
  public void forEachInRange(Instant from, Instant to, Consumer<Reading> sink) {
    stream(RANGE, "read sensors_data " + from + ".." + to, sink, from, to);
  }

  /** Ids of every sensor with at least one reading, sorted. */
  public List<String> sensorIds() {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(SENSOR_IDS);
        ResultSet rs = s.executeQuery()) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    } catch (SQLException e) {
      throw db.failure("list the sensors of sensors_data", e);
    }
  }

  /**
   * Starts following new readings for {@code read --loop}: returns the newest {@code limit} rows
   * now and a follower that later returns every row committed after them, exactly once.
   */
  public ReadingFollower follow(ReadFilter filter, int limit) {
    return ReadingFollower.start(db, filter, limit);
  }

  private void stream(String sql, String action, Consumer<Reading> sink, Object... params) {
    try (Connection c = db.connection()) {
      // A cursor (fetch size) needs a transaction; it keeps memory flat on long ranges.
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setFetchSize(FETCH_SIZE);
        for (int i = 0; i < params.length; i++) {
          Object p = params[i];
          s.setObject(i + 1, p instanceof Instant t ? GroundTruthStore.utc(t) : p);
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.accept(reading(rs));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }

  /** Maps a row selected with {@link #COLUMNS}. */
  static Reading reading(ResultSet rs) throws SQLException {
    return new Reading(
        rs.getObject(1, UUID.class),
        rs.getObject(2, OffsetDateTime.class).toInstant(),
        rs.getString(3),
        SensorType.parse(rs.getString(4)),
        rs.getString(5),
        rs.getDouble(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9));
  }
}
