package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage is named as one, in the same words at a command's start and midway: {@code database at
 * HOST:PORT is not reachable: REASON}. Midway it said what the pool or the driver said instead
 * ("aw-db - Connection is not available, request timed out after 3003ms.").
 */
class OutageMessageTest {
  @TempDir Path dir;

  @Test
  void namesTheOutageWhenTheServerIsDownAtTheStart() {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"))) {
      server.stop();

      StoreException failure = catchThrowableOfType(StoreException.class, () -> Database.connect(server.jdbcUrl()));

      assertThat(failure.getMessage()).startsWith("database at " + JdbcUrls.hostAndPort(server.jdbcUrl()) + " is not reachable: ")
          .contains("Connection refused");
    }
  }

  @Test
  void namesTheOutageWhenTheServerGoesAwayMidway() {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl())) {
      server.stop();

      StoreException failure = catchThrowableOfType(StoreException.class,
          () -> db.inTransaction("counting the readings", c -> c.createStatement().execute("SELECT 1")));

      assertThat(failure.getMessage()).startsWith("database at " + JdbcUrls.hostAndPort(server.jdbcUrl()) + " is not reachable: ")
          .endsWith("; counting the readings failed")
          .doesNotContain("Connection is not available").doesNotContain("timed out");
      assertThat(DatabaseRetry.isUnavailable(failure)).isTrue();
    }
  }
}
