package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named sensor sets ({@code sensors list|forget}): what sensors exist, in which set, whether a
 * generator drives them now, and removing a set with everything stored about its sensors.
 * Thread-safe (stateless over the pool).
 */
public final class SensorSets {
  /** Each registered sensor and its newest reading's time, looked up as {@link SensorsWithReadings} does. */
  private static final String REGISTERED =
      """
      SELECT coalesce(ids.sensor_set, ''), ids.sensor_id, ids.kind, ids.category, ids.unit, ids.location,
             x."timestamp"
        FROM sensors ids LEFT JOIN LATERAL %s x ON true
       ORDER BY ids.sensor_set NULLS LAST, ids.ordinal, ids.sensor_id
      """.formatted(SensorsWithReadings.newestRow("d.\"timestamp\""));
  /**
   * Sensors with readings but no registration (rows written by other programs): those in the newest
   * days of data ({@link SensorsWithReadings}; V87 registered the ones before), each with its newest row.
   */
  private static final String UNREGISTERED =
      SensorsWithReadings.IDS
          + """
          SELECT ids.sensor_id, x.category, x.unit, x.location, x."timestamp"
            FROM ids CROSS JOIN LATERAL %s x
           WHERE NOT EXISTS (SELECT 1 FROM sensors s WHERE s.sensor_id = ids.sensor_id)
           ORDER BY ids.sensor_id
          """.formatted(SensorsWithReadings.newestRow("d.category, d.unit, d.location, d.\"timestamp\""));
  private static final String MEMBERS = "SELECT sensor_id FROM sensors WHERE sensor_set = ? ORDER BY sensor_id";

  /**
   * A scalar subquery for the set of the sensor whose id is in {@code sensorIdColumn}: its
   * {@code sensors.sensor_set}, or null for a sensor the registry does not hold or holds without a set.
   */
  static String setOf(String sensorIdColumn) {
    return "(SELECT s.sensor_set FROM sensors s WHERE s.sensor_id = " + sensorIdColumn + ")";
  }
  /**
   * Every table of this schema with a sensor_id column (partition parents only), so what other
   * features store per sensor goes too without this class knowing them.
   */
  private static final String PER_SENSOR_TABLES =
      """
      SELECT c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'sensor_id' AND NOT a.attisdropped
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname <> 'sensors'
       ORDER BY c.relname
      """;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public SensorSets(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * One sensor as {@code sensors list} shows it.
   *
   * @param set its set, or empty for a sensor other programs wrote readings of (registered or not)
   * @param kind the simulator kind's id prefix, or empty when not a simulated sensor
   * @param lastReading its newest reading's time, or null when it has none
   * @param generating whether a running generator holds its lease now
   */
  public record Listing(String set, String sensorId, String kind, String category, String unit, String location,
      Instant lastReading, boolean generating) {
    public Listing {
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(sensorId, "sensorId");
      // Sensors registered by other sources may leave any descriptive column empty.
      kind = Objects.requireNonNullElse(kind, "");
      category = Objects.requireNonNullElse(category, "");
      unit = Objects.requireNonNullElse(unit, "");
      location = Objects.requireNonNullElse(location, "");
    }
  }

  /** Every registered sensor by set and fleet order, then unregistered sensors with readings. */
  public List<Listing> list() {
    List<Listing> rows = new ArrayList<>();
    try (Connection c = db.connection()) {
      try (PreparedStatement s = SensorsWithReadings.prepareSpan(c, REGISTERED); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Listing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), instant(rs.getObject(7, OffsetDateTime.class)), false));
        }
      }
      try (PreparedStatement s = SensorsWithReadings.prepareSpan(c, UNREGISTERED); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new Listing("", rs.getString(1), "", rs.getString(2), rs.getString(3), rs.getString(4),
              instant(rs.getObject(5, OffsetDateTime.class)), false));
        }
      }
    } catch (SQLException e) {
      throw db.failure("list the sensors", e);
    }
    Set<String> held = SensorLease.held(db, rows.stream().map(Listing::sensorId).toList());
    return rows.stream()
        .map(r -> new Listing(r.set(), r.sensorId(), r.kind(), r.category(), r.unit(), r.location(), r.lastReading(),
            held.contains(r.sensorId())))
        .toList();
  }

  /** The ids of the set's sensors, sorted; empty for an unknown set. */
  public List<String> members(String set) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(MEMBERS)) {
      s.setString(1, set);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw db.failure("list the sensors of set " + set, e);
    }
  }

  /**
   * Removes the set: its sensors, their readings, labels, alerts, state and every other row keyed by
   * their ids, in one transaction, while holding their generator lease (so no generator writes
   * meanwhile).
   *
   * @return rows deleted per table, in table order ({@code sensors} last)
   * @throws StoreException when a running generator drives one of the set's sensors
   */
  public Map<String, Long> forget(String set) {
    List<String> ids = members(set);
    if (ids.isEmpty()) {
      return Map.of();
    }
    try (SensorLease lease = SensorLease.acquire(db, ids)) {
      return db.inTransaction("forget sensor set " + set + " (" + ids.size() + " sensors)", c -> delete(c, set, ids));
    }
  }

  private static Map<String, Long> delete(Connection c, String set, List<String> ids) throws SQLException {
    Map<String, Long> deleted = new LinkedHashMap<>();
    java.sql.Array idArray = c.createArrayOf("text", ids.toArray());
    for (String table : perSensorTables(c)) {
      // The name comes from the catalog, never from the user; quoted as an identifier.
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE sensor_id = ANY (?)")) {
        s.setArray(1, idArray);
        deleted.put(table, (long) s.executeUpdate());
      }
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM sensors WHERE sensor_set = ?")) {
      s.setString(1, set);
      deleted.put("sensors", (long) s.executeUpdate());
    }
    return deleted;
  }

  private static List<String> perSensorTables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(PER_SENSOR_TABLES); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
