package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

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
  void runsPostgres17() {
    assertThat(db.queryLong("SELECT current_setting('server_version_num')::int")).isGreaterThanOrEqualTo(170000);
  }
}
