package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestDatabaseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("harness");

  @Test
  void handsOutASeparateDatabaseOnTheSharedServer() {
    try (TestDatabase other = TestDatabase.empty("harness other")) {
      assertThat(other.jdbcUrl()).isNotEqualTo(db.jdbcUrl());
      assertThat(other.queryString("SELECT current_database()")).isEqualTo(other.name());
      assertThat(other.jdbcUrl()).contains(":" + TestDatabase.server().getPort() + "/");
    }
    assertThat(db.queryString("SELECT current_database()")).isEqualTo(db.name());
  }

  @Test
  void closingDropsTheDatabaseAndEndsItsSessions() {
    TestDatabase closed = TestDatabase.fresh("harness closed");
    Database open = Database.connect(closed.jdbcUrl()); // a pool the test forgot to close
    try {
      closed.execute("CREATE TABLE t (x int)");
      assertThat(closed.exists()).isTrue();

      closed.close();
      closed.close(); // idempotent

      assertThat(closed.exists()).isFalse();
      assertThatThrownBy(closed::database).hasMessageContaining("dropped");
    } finally {
      open.close();
    }
  }

  @Test
  void reconnectKeepsTheDatabase() {
    db.execute("CREATE TABLE IF NOT EXISTS kept (x int)");
    db.reconnect();
    assertThat(db.queryLong("SELECT count(*) FROM kept")).isZero();
  }

  @Test
  void runsPostgres17() {
    assertThat(db.queryLong("SELECT current_setting('server_version_num')::int")).isGreaterThanOrEqualTo(170000);
  }
}
