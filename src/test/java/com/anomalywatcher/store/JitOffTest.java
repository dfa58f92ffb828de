package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JIT compilation stays off on the watcher's database: on daily partitions it cost seconds on plans
 * that run in milliseconds. The pool turns it off for its own sessions, and V86 for any session on
 * the database (psql running the original's queries).
 */
class JitOffTest {
  // Migrated here, not copied from the template: CREATE DATABASE ... TEMPLATE does not copy a
  // database's settings.
  @RegisterExtension static final TestDatabase db = TestDatabase.empty("jit off");

  @BeforeAll
  static void dbInit() {
    Schema.init(db.database(), Optional.of(StorageMode.POSTGRES), OptionalInt.empty(), Clock.systemUTC());
  }

  @Test
  void thePoolsSessionsRunWithoutJit() throws SQLException {
    try (Connection c = db.database().connection()) {
      assertThat(jit(c)).isEqualTo("off");
    }
  }

  @Test
  void anyNewSessionOnTheDatabaseRunsWithoutJit() throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl())) {
      assertThat(jit(c)).isEqualTo("off");
    }
  }

  private static String jit(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW jit")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
