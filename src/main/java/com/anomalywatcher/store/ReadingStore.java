package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads {@code sensors_data}: latest rows, time ranges, the list of sensors, and the reduced
 * samples detectors train on and score. Thread-safe.
 */
public final class ReadingStore {
  /**
   * A sensor as last seen in {@code sensors_data}; {@code sensorSet} is the set a generator made it
   * in ({@code sensors.sensor_set}), or null for a sensor other programs wrote.
   */
  public record SensorRow(
      String sensorId, String type, String category, String unit, String location, String metadataJson,
      String sensorSet, Instant lastReadingAt) {}

  /** One reading reduced to what a detector needs. */
  public record Sample(String sensorId, Instant timestamp, double value) {}

  /** Readings of one sensor inside a time range: count and first/last timestamps. */
  public record Coverage(String sensorId, long readings, Instant first, Instant last) {}

  static final String COLUMNS =
      "id, \"timestamp\", sensor_id, type, category, value, unit, location, sensors_metadata::text";
  /**
   * Newest rows, through an index ordered by time: in plain mode every daily partition's
   * {@code sensors_data_time} (V85), read backwards from the newest partition; in TimescaleDB mode the
   * ("timestamp", id) key. With a sensor filter the planner takes that sensor's (sensor_id, timestamp)
   * key instead. Either way it reads about {@code limit} rows, not a partition.
   */
  private static final String LATEST =
      """
      SELECT %s FROM sensors_data WHERE true%%s
       ORDER BY "timestamp" DESC, sensor_id DESC LIMIT ?
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
  static final String ALL_RANGE = """
      SELECT sensor_id, timestamp, value FROM sensors_data
      WHERE timestamp > ? AND timestamp <= ? ORDER BY timestamp, sensor_id""";

  /** As {@link #ALL_RANGE}, only the rows a snapshot sees (the xid test only for rows that may be newer). */
  private static final String ALL_RANGE_SEEN = """
      SELECT sensor_id, timestamp, value FROM sensors_data
      WHERE timestamp > ? AND timestamp <= ?
        AND (ingest_xid < ? OR pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot))
      ORDER BY timestamp, sensor_id""";

  private static final String ALL_RANGE_UNORDERED = """
      SELECT sensor_id, timestamp, value FROM sensors_data WHERE timestamp > ? AND timestamp <= ?""";

  /**
   * Each sensor's latest row, through the (sensor_id, timestamp) key: one probe per sensor, one round
   * trip, for the sensors {@link SensorsWithReadings} names.
   */
  private static final String SENSORS_LATEST = """
      SELECT ids.sensor_id, x.type, x.category, x.unit, x.location, x.metadata,
             %s, x.timestamp
        FROM ids CROSS JOIN LATERAL %s x
       ORDER BY ids.sensor_id""".formatted(SensorSets.setOf("ids.sensor_id"), SensorsWithReadings.newestRow(
          "type, category, unit, location, sensors_metadata::text AS metadata, \"timestamp\""));

  private static final String SENSORS_OF = """
      SELECT ids.id, x.type, x.category, x.unit, x.location, x.metadata,
             %s, x.timestamp
        FROM unnest(?::text[]) AS ids(id) CROSS JOIN LATERAL (
          SELECT type, category, unit, location, sensors_metadata::text AS metadata, timestamp
            FROM sensors_data d WHERE d.sensor_id = ids.id ORDER BY timestamp DESC LIMIT 1) x
       ORDER BY ids.id""".formatted(SensorSets.setOf("ids.id"));

  private static final String FIRST_AFTER = """
      SELECT min(timestamp) FROM sensors_data WHERE timestamp > ? AND timestamp <= ?""";

  /**
   * The newest stretches of {@code [from, upTo]} in which no sensor reported for longer than a given
   * span: each distinct reading instant with the one before it, where they lie further apart. The
   * instants are walked through the time index, one probe per instant (the first reading after the
   * last one found), so the cost grows with the instants in the window, not with its rows: in plain
   * PostgreSQL mode at 10,000 sensors over 6 h (3.55 M rows, 360 instants) 4-5 ms instead of
   * 630-755 ms for reading every row; on TimescaleDB, whose SkipScan gave the old DISTINCT this walk,
   * 6-12 ms either way (docs/performance-log.md, "Fleet pauses at restart"). Parameters: from, upTo, upTo, span in
   * milliseconds, limit.
   */
  static final String FLEET_GAPS = """
      WITH RECURSIVE instants(t, previous) AS (
        (SELECT timestamp, NULL::timestamptz FROM sensors_data WHERE timestamp >= ? AND timestamp <= ?
          ORDER BY timestamp LIMIT 1)
        UNION ALL
        SELECT (SELECT d.timestamp FROM sensors_data d WHERE d.timestamp > i.t AND d.timestamp <= ?
                 ORDER BY d.timestamp LIMIT 1), i.t
          FROM instants i WHERE i.t IS NOT NULL)
      SELECT previous, t FROM instants
      WHERE t - previous > ? * interval '1 millisecond'
      ORDER BY t DESC LIMIT ?""";

  private static final String COVERAGE = """
      SELECT sensor_id, count(*), min(timestamp), max(timestamp) FROM sensors_data
      WHERE timestamp >= ? AND timestamp < ? GROUP BY sensor_id ORDER BY sensor_id""";


  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public ReadingStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The newest {@code limit} readings that pass the filter, newest first. */
  public List<Reading> latest(ReadFilter filter, int limit) {
    return readLatest(limit, c -> latest(c, filter, limit));
  }

  static List<Reading> latest(Connection c, ReadFilter filter, int limit) throws SQLException {
    List<Reading> rows = new ArrayList<>();
    latest(c, filter, limit, rs -> rows.add(reading(rs)));
    return rows;
  }

  /**
   * The newest {@code limit} rows that pass the filter, newest first, as stored: rows other programs
   * wrote (unknown location, category, unit) come back as they are.
   */
  public List<StoredReading> latestStored(ReadFilter filter, int limit) {
    return readLatest(limit, c -> latestStored(c, filter, limit));
  }

  /** Checks {@code limit}, then runs {@code query} on a pooled connection with the store's error. */
  private <T> List<T> readLatest(int limit, LatestQuery<T> query) {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    }
    try (Connection c = db.connection()) {
      return query.run(c);
    } catch (SQLException e) {
      throw db.failure("read the latest " + limit + " rows of sensors_data", e);
    }
  }

  private interface LatestQuery<T> {
    List<T> run(Connection c) throws SQLException;
  }

  static List<StoredReading> latestStored(Connection c, ReadFilter filter, int limit) throws SQLException {
    List<StoredReading> rows = new ArrayList<>();
    latest(c, filter, limit, rs -> rows.add(stored(rs)));
    return rows;
  }

  /** The query {@link #latest} runs for {@code filter}: the filter's placeholders, then the limit. */
  static String latestSql(ReadFilter filter) {
    return LATEST.formatted(filter.sql());
  }

  private interface RowMapper {
    void accept(ResultSet rs) throws SQLException;
  }

  private static void latest(Connection c, ReadFilter filter, int limit, RowMapper mapper) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(latestSql(filter))) {
      s.setInt(filter.bind(s, 1), limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          mapper.accept(rs);
        }
      }
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

  private static final String FIRST_READINGS = """
      SELECT s.id, (SELECT min(d."timestamp") FROM sensors_data d WHERE d.sensor_id = s.id)
      FROM unnest(?::text[]) AS s(id)""";

  /** Each sensor's oldest reading time (one index probe per sensor), by id; absent when none. */
  public java.util.Map<String, Instant> firstReadings(List<String> sensorIds) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(FIRST_READINGS)) {
      ps.setArray(1, c.createArrayOf("text", sensorIds.toArray()));
      java.util.Map<String, Instant> out = new java.util.HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp t = rs.getTimestamp(2);
          if (t != null) {
            out.put(rs.getString(1), t.toInstant());
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("reading the first reading of " + sensorIds.size() + " sensors", e);
    }
  }

  /** Every sensor that has readings, with its latest reading's attributes, ordered by id (one query). */
  public List<SensorRow> sensors() {
    try (Connection c = db.connection()) {
      java.util.Optional<PreparedStatement> query = SensorsWithReadings.prepare(c, SENSORS_LATEST);
      if (query.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement ps = query.get(); ResultSet rs = ps.executeQuery()) {
        List<SensorRow> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(new SensorRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw db.failure("listing sensors from sensors_data", e);
    }
  }

  /** As {@link #sensors()} for the given sensors only (those without readings are left out); one query. */
  public List<SensorRow> sensors(java.util.Collection<String> sensorIds) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(SENSORS_OF)) {
      ps.setArray(1, c.createArrayOf("text", sensorIds.toArray()));
      List<SensorRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new SensorRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw db.failure("reading the latest row of " + sensorIds.size() + " sensors from sensors_data", e);
    }
  }

  /** Receives streamed readings, one call per row, in the reading thread. */
  @FunctionalInterface
  public interface SampleSink {
    void accept(String sensorId, Instant timestamp, double value);
  }

  /**
   * Every reading with {@code after < timestamp <= upTo}, in no particular order, streamed to
   * {@code sink} through a server-side cursor: the database neither sorts nor holds the range, and
   * memory stays flat whatever its size.
   */
  public void forEachSample(Instant after, Instant upTo, SampleSink sink) {
    forEachSample(ALL_RANGE_UNORDERED, after, upTo, null, sink);
  }

  /**
   * Every reading with {@code after < timestamp <= upTo} in time order, then by sensor, visible in
   * {@code snapshot} ({@code pg_current_snapshot()} text, e.g. from {@link CommittedRows#snapshot}):
   * whatever commits meanwhile is left for a later read, so a monitor knows exactly which rows a
   * cycle saw.
   */
  public void forEachSampleSeen(Instant after, Instant upTo, String snapshot, SampleSink sink) {
    forEachSample(ALL_RANGE_SEEN, after, upTo, java.util.Objects.requireNonNull(snapshot, "snapshot"), sink);
  }

  /** Streams a range query's rows; {@code snapshot} (if not null) binds the snapshot they must be visible in. */
  private void forEachSample(String sql, Instant after, Instant upTo, String snapshot, SampleSink sink) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(10_000);
        forceBinary(ps);
        ps.setTimestamp(1, Timestamp.from(after));
        ps.setTimestamp(2, Timestamp.from(upTo));
        if (snapshot != null) {
          ps.setLong(3, CommittedRows.xmin(snapshot));
          ps.setString(4, snapshot);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        Database.rollBack(c, e); // an outage's own failure, not the rollback's "Connection is closed"
        throw e;
      }
    } catch (SQLException e) {
      throw db.failure("streaming sensors_data after " + after + " up to " + upTo
          + (snapshot == null ? "" : " in snapshot " + snapshot), e);
    }
  }

  /**
   * Has the rows of a statement run once come in binary: a monitor's range read streams millions of
   * timestamps and values, and as text each timestamp is parsed through a Calendar and each value
   * through Double.parseDouble (issue 11: about a tenth of {@code monitor --once}'s CPU). Binary
   * carries the same microseconds and the same double bits. Not a PostgreSQL statement: left as is.
   */
  private static void forceBinary(PreparedStatement ps) throws SQLException {
    if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
      ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1); // negative: binary from the first run
    }
  }

  /** A sensor's readings with {@code after < timestamp <= upTo}. */
  public record Window(String sensorId, Instant after, Instant upTo) {}

  /** A sensor's last {@code count} readings at or before {@code upTo}. */
  public record Tail(String sensorId, Instant upTo, int count) {}

  private static final String WINDOWS = """
      SELECT w.id, d.timestamp, d.value
        FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS w(id, after, upto)
        CROSS JOIN LATERAL (SELECT timestamp, value FROM sensors_data
                             WHERE sensor_id = w.id AND timestamp > w.after AND timestamp <= w.upto) d""";

  private static final String TAILS = """
      SELECT t.id, d.timestamp, d.value
        FROM unnest(?::text[], ?::text[]::timestamptz[], ?::int[]) AS t(id, upto, n)
        CROSS JOIN LATERAL (SELECT timestamp, value FROM sensors_data
                             WHERE sensor_id = t.id AND timestamp <= t.upto ORDER BY timestamp DESC LIMIT t.n) d""";

  /**
   * A LATERAL subquery with LIMIT 1, not EXISTS: the planner turns an EXISTS into a hash semi join
   * that reads the whole table into a hash (14.3 M rows, 5.5-10.4 s in a 10,000-sensor cold start,
   * docs/performance-log.md); a LIMIT cannot be pulled up, so each window is one index probe.
   */
  private static final String ANY_IN_WINDOWS = """
      SELECT w.id
        FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS w(id, after, upto)
        CROSS JOIN LATERAL (SELECT 1 FROM sensors_data
                             WHERE sensor_id = w.id AND timestamp > w.after AND timestamp <= w.upto LIMIT 1) x""";

  /** The sensors of the windows that hold at least one reading, in one query (an index probe per window). */
  public java.util.Set<String> sensorsWithReadingsIn(List<Window> windows) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (windows.isEmpty()) {
      return out;
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(ANY_IN_WINDOWS)) {
      bindWindows(c, ps, windows);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("looking for readings of " + windows.size() + " silent sensors", e);
    }
  }

  /** The readings of every window, in one query; unordered. */
  public List<Sample> readings(List<Window> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    Object[] after = new Object[windows.size()];
    Object[] upTo = new Object[windows.size()];
    for (int i = 0; i < windows.size(); i++) {
      after[i] = windows.get(i).after().toString();
      upTo[i] = windows.get(i).upTo().toString();
    }
    return samples(WINDOWS, "reading the recent readings of " + windows.size() + " sensors",
        windows.stream().map(Window::sensorId).toArray(), "text", after, upTo);
  }

  private static final String WINDOWS_SEEN = """
      SELECT w.id, d.timestamp, d.value
        FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS w(id, after, upto)
        CROSS JOIN LATERAL (SELECT timestamp, value FROM sensors_data
                             WHERE sensor_id = w.id AND timestamp > w.after AND timestamp <= w.upto
                               AND pg_visible_in_snapshot(ingest_xid::text::xid8, ?::pg_snapshot)) d""";

  /**
   * The readings of every window that a read in {@code snapshot} saw (rows committed after it are
   * left out), in one query; unordered.
   */
  public List<Sample> readingsSeen(List<Window> windows, String snapshot) {
    if (windows.isEmpty()) {
      return List.of();
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(WINDOWS_SEEN)) {
      bindWindows(c, ps, windows);
      ps.setString(4, snapshot);
      return readSamples(ps);
    } catch (SQLException e) {
      throw db.failure("reading what a read saw of " + windows.size() + " sensors", e);
    }
  }

  /**
   * Binds the windows as a query's first three parameters: the sensors, then their bounds as
   * ISO-8601 text (cast by the query).
   */
  private static void bindWindows(Connection c, PreparedStatement ps, List<Window> windows) throws SQLException {
    ps.setArray(1, c.createArrayOf("text", windows.stream().map(Window::sensorId).toArray()));
    ps.setArray(2, c.createArrayOf("text", windows.stream().map(w -> w.after().toString()).toArray()));
    ps.setArray(3, c.createArrayOf("text", windows.stream().map(w -> w.upTo().toString()).toArray()));
  }

  /** The last readings of every tail, in one query; unordered. */
  public List<Sample> lastReadings(List<Tail> tails) {
    if (tails.isEmpty()) {
      return List.of();
    }
    Object[] upTo = new Object[tails.size()];
    Object[] count = new Object[tails.size()];
    for (int i = 0; i < tails.size(); i++) {
      upTo[i] = tails.get(i).upTo().toString();
      count[i] = tails.get(i).count();
    }
    return samples(TAILS, "reading the last readings of " + tails.size() + " sensors",
        tails.stream().map(Tail::sensorId).toArray(), "int4", upTo, count);
  }

  /** Runs a query over (ids, instants as text, third) arrays whose rows are (sensor id, timestamp, value). */
  private List<Sample> samples(String sql, String action, Object[] ids, String thirdType, Object[] second, Object[] third) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false); // streams with the fetch size
      ps.setFetchSize(10_000);
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", second)); // ISO-8601 instants, cast by the query
      ps.setArray(3, c.createArrayOf(thirdType, third));
      List<Sample> out = readSamples(ps);
      c.commit();
      return out;
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }

  /** Runs a query whose rows are (sensor id, timestamp, value) and collects them. */
  private static List<Sample> readSamples(PreparedStatement ps) throws SQLException {
    List<Sample> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Sample(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
      }
    }
    return out;
  }

  /** Every sensor's readings with {@code after < timestamp <= upTo}, in time order, then by sensor. */
  public List<Sample> readings(Instant after, Instant upTo) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(ALL_RANGE)) {
      c.setAutoCommit(false); // lets the driver stream with the fetch size
      ps.setFetchSize(10_000);
      ps.setTimestamp(1, Timestamp.from(after));
      ps.setTimestamp(2, Timestamp.from(upTo));
      List<Sample> out = readSamples(ps);
      c.commit();
      return out;
    } catch (SQLException e) {
      throw db.failure("reading sensors_data after " + after, e);
    }
  }

  /** The first reading time of any sensor in {@code (after, upTo]}, or null when there is none. */
  public Instant firstReadingAfter(Instant after, Instant upTo) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(FIRST_AFTER)) {
      ps.setTimestamp(1, Timestamp.from(after));
      ps.setTimestamp(2, Timestamp.from(upTo));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp t = rs.getTimestamp(1);
        return t == null ? null : t.toInstant();
      }
    } catch (SQLException e) {
      throw db.failure("finding the first reading after " + after, e);
    }
  }

  /** A stretch in which no sensor reported: from the reading before it to the first after it. */
  public record Gap(Instant from, Instant to) {}

  /**
   * The newest {@code limit} stretches longer than {@code longerThanMillis} in which no sensor
   * reported, between readings in {@code [from, upTo]}, oldest first.
   */
  public List<Gap> fleetGaps(Instant from, Instant upTo, long longerThanMillis, int limit) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(FLEET_GAPS)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(upTo));
      ps.setTimestamp(3, Timestamp.from(upTo));
      ps.setLong(4, longerThanMillis);
      ps.setInt(5, limit);
      List<Gap> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(0, new Gap(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("finding the pauses of the fleet after " + from, e);
    }
  }

  /** Per sensor: how many readings lie in {@code [from, to)} and the first and last of them. */
  public List<Coverage> coverage(Instant from, Instant to) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(COVERAGE)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      List<Coverage> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Coverage(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
              rs.getTimestamp(4).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("counting sensors_data from " + from, e);
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
        Database.rollBack(c, e); // the failure's own error, not the rollback's on a broken connection
        throw e;
      }
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }

  /** Maps a row selected with {@link #COLUMNS}, interpreting nothing. */
  static StoredReading stored(ResultSet rs) throws SQLException {
    return new StoredReading(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getDouble(6), rs.getString(7), rs.getString(8), rs.getString(9));
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
