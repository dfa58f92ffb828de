package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The readings and registrations of the sensors whose ids start with a prefix: what a benchmark
 * counts and then removes again ({@code bench ingest} writes under {@code aw-bench-ingest-}).
 * Thread-safe (stateless over the pool).
 */
public final class SensorPrefixData {
  private static final String COUNT =
      "SELECT count(*), count(DISTINCT (sensor_id, \"timestamp\")) FROM sensors_data WHERE sensor_id LIKE ? || '%'";
  private static final String DELETE_READINGS = "DELETE FROM sensors_data WHERE sensor_id LIKE ? || '%'";
  private static final String DELETE_SENSORS = "DELETE FROM sensors WHERE sensor_id LIKE ? || '%'";
  private static final String DELETE_REJECTS = "DELETE FROM ingest_rejects WHERE origin LIKE ? || '%'";

  /** Rows stored, and distinct (sensor, timestamp) pairs among them: equal when nothing is duplicated. */
  public record Counts(long rows, long distinct) {}

  private final Database db;
  private final String prefix;

  /**
   * @param prefix a sensor id prefix of letters, digits and dashes only (it goes into a LIKE pattern)
   */
  public SensorPrefixData(Database db, String prefix) {
    this.db = Objects.requireNonNull(db, "db");
    if (!prefix.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("prefix must be letters, digits and dashes, got '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  /** Counts the readings of the prefix's sensors. */
  public Counts count() {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(COUNT)) {
      s.setString(1, prefix);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Counts(rs.getLong(1), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw db.failure("count readings of sensors " + prefix + "*", e);
    }
  }

  /**
   * Deletes the prefix's readings, sensors, and the rejects whose topic starts with {@code topicPrefix}
   * (letters, digits, dashes and slashes), in one transaction.
   */
  public void delete(String topicPrefix) {
    if (!topicPrefix.matches("[A-Za-z0-9/-]+")) {
      throw new IllegalArgumentException("topicPrefix must be letters, digits, dashes and slashes, got '"
          + topicPrefix + "'");
    }
    db.inTransaction("delete readings of sensors " + prefix + "*", c -> {
      for (String[] sql : new String[][] {{DELETE_READINGS, prefix}, {DELETE_SENSORS, prefix},
          {DELETE_REJECTS, topicPrefix}}) {
        try (PreparedStatement s = c.prepareStatement(sql[0])) {
          s.setString(1, sql[1]);
          s.executeUpdate();
        }
      }
      return null;
    });
  }
}
