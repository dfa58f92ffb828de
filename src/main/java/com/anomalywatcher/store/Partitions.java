package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Daily partitions of {@code sensors_data} in plain PostgreSQL mode (UTC days). */
final class Partitions {
  private static final String ENSURE = "SELECT aw_ensure_partitions(?, ?)";

  private Partitions() {}

  /**
   * Creates the missing partitions for the days {@code first..last} (inclusive); a no-op in
   * TimescaleDB mode. Safe to call from several processes at once.
   *
   * @return how many partitions were created
   */
  static int ensure(Database db, LocalDate first, LocalDate last) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(ENSURE)) {
      s.setObject(1, first);
      s.setObject(2, last);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw db.failure("create sensors_data partitions " + first + ".." + last, e);
    }
  }
}
