package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test-only SQL on a {@link Database} (for engines reached without a TestDatabase). */
final class TestQueries {
  private final Database db;

  TestQueries(Database db) {
    this.db = db;
  }

  String string(String sql) {
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  void execute(String sql) {
    try (Connection c = db.connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }
}
