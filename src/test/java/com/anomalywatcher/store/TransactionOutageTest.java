package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction that the server's shutdown breaks fails as an outage: the rollback on the broken
 * connection fails too ("Connection is closed", no SQL state), and must not hide the outage from
 * {@link DatabaseRetry}, or the monitor exits instead of riding it out.
 */
class TransactionOutageTest {
  @TempDir Path dir;

  @Test
  void serverStoppedMidTransactionIsReportedAsAnOutage() {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl())) {
      StoreException failure = catchThrowableOfType(StoreException.class, () -> db.inTransaction("writing a test row", c -> {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TEMP TABLE t (x int)");
          server.stop();
          s.execute("INSERT INTO t VALUES (1)");
        }
        return null;
      }));
      assertThat(failure).hasMessageContaining("writing a test row");
      assertThat(DatabaseRetry.isUnavailable(failure)).as("%s", failure).isTrue();
    }
  }
}
