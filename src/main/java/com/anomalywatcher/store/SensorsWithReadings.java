package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Which sensors have readings, for the queries that list every sensor with its newest reading
 * ({@code sensors list}, {@code status}, the dashboard's fleet, the monitor's and the trainer's
 * sensor listing), without probing every daily partition once per sensor.
 *
 * <p>The ids are the registry's ({@code sensors}: every sensor this program's writers wrote, and
 * the sensors V87 found in the data it was given) plus any other sensor in the newest
 * {@link #RECENT} of data, found by a skip scan over those days only: the sensors another program
 * writes straight into {@code sensors_data}. A skip scan over all of {@code sensors_data} took
 * 2.4-6.1 s at 100 M rows (1,000 sensors × 72 partitions × 2 index descents per step); over the
 * newest days it reads two or three partitions. Left out: a sensor that only another program wrote,
 * that this program never registered, and that has been silent for longer than {@link #RECENT}
 * before the newest reading (docs/performance-log.md, "Queries at 100 M rows").
 *
 * <p>Each id's newest row then comes from its (sensor_id, timestamp) key: {@link #newestRow} looks in
 * the recent span first (two or three partitions) and only for a sensor silent for longer in all of
 * them. Without that bound the planner merges every partition's key (no ordered append while the
 * default partition exists): one descent per partition per sensor.
 */
final class SensorsWithReadings {
  /** How far back from the newest reading the skip scan looks for unregistered sensors. */
  static final Duration RECENT = Duration.ofDays(2);

  /**
   * The {@code ids} CTE (one column, sensor_id); binds the recent span's start and end (the newest
   * reading) twice. The end keeps out the empty partitions created ahead of the data.
   */
  static final String IDS =
      """
      WITH RECURSIVE recent AS (
        (SELECT sensor_id FROM sensors_data WHERE "timestamp" BETWEEN ? AND ?
          ORDER BY sensor_id LIMIT 1)
        UNION ALL
        SELECT (SELECT d.sensor_id FROM sensors_data d
                 WHERE d."timestamp" BETWEEN ? AND ? AND d.sensor_id > recent.sensor_id
                 ORDER BY d.sensor_id LIMIT 1)
          FROM recent WHERE recent.sensor_id IS NOT NULL),
      ids AS (
        SELECT sensor_id FROM recent WHERE sensor_id IS NOT NULL
        UNION
        SELECT sensor_id FROM sensors)
      """;

  /**
   * The newest row of the sensor {@code ids.sensor_id} as a LATERAL subquery: {@code columns} of
   * {@code sensors_data d}; binds the recent span's start and end once.
   */
  static String newestRow(String columns) {
    return """
        (SELECT * FROM (
           (SELECT %1$s FROM sensors_data d WHERE d.sensor_id = ids.sensor_id AND d."timestamp" BETWEEN ? AND ?
             ORDER BY d."timestamp" DESC LIMIT 1)
           UNION ALL
           (SELECT %1$s FROM sensors_data d WHERE d.sensor_id = ids.sensor_id
             ORDER BY d."timestamp" DESC LIMIT 1)) newest LIMIT 1)""".formatted(columns);
  }

  /** Through the time index (V85) or TimescaleDB's ("timestamp", id) key: the newest partition's last entry. */
  private static final String NEWEST = "SELECT max(\"timestamp\") FROM sensors_data";

  private SensorsWithReadings() {}

  /**
   * Prepares {@code IDS + select} with the recent span bound to every pair of placeholders (IDS's
   * and {@link #newestRow}'s), or returns empty when {@code sensors_data} has no rows at all (so no
   * sensor has readings).
   */
  static Optional<PreparedStatement> prepare(Connection c, String select) throws SQLException {
    Optional<Timestamp> newest = newest(c);
    return newest.isEmpty() ? Optional.empty() : Optional.of(prepareSpan(c, IDS + select, newest.get()));
  }

  /**
   * Prepares {@code sql} with the recent span bound to every pair of placeholders; with no readings
   * at all the span is empty (nulls), so {@link #newestRow} finds none.
   */
  static PreparedStatement prepareSpan(Connection c, String sql) throws SQLException {
    return prepareSpan(c, sql, newest(c).orElse(null));
  }

  private static Optional<Timestamp> newest(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(NEWEST);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return Optional.ofNullable(rs.getTimestamp(1));
    }
  }

  private static PreparedStatement prepareSpan(Connection c, String sql, Timestamp newest) throws SQLException {
    // From a midnight (UTC): partitions and TimescaleDB's chunks start there, so the skip scan's
    // condition holds for every key of the partitions it reads. From any other instant each step
    // walked through the oldest partition's keys of that sensor before it (0.8 ms a step at 1-minute
    // readings).
    Timestamp since = newest == null
        ? null
        : Timestamp.from(newest.toInstant().minus(RECENT).truncatedTo(ChronoUnit.DAYS));
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      int placeholders = ps.getParameterMetaData().getParameterCount();
      for (int i = 1; i < placeholders; i += 2) {
        ps.setTimestamp(i, since);
        ps.setTimestamp(i + 1, newest);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
