package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.JdbcUrls;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import csv} whose database goes away after it opened: the failure names the outage and
 * where the database is. It said "COPY of … failed on …: aw-db - Connection is not available,
 * request timed out after 3003ms.", which names neither.
 */
class CsvImportOutageTest {
  @TempDir Path dir;

  @Test
  void anImportThatLosesItsDatabaseSaysTheDatabaseIsNotReachable() throws Exception {
    Path csv = Files.writeString(dir.resolve("r.csv"),
        "timestamp,sensor_id,value\n2026-11-01T00:00:00Z,outage-a,1.5\n2026-11-01T00:01:00Z,outage-a,1.6\n");
    CsvImport importer = new CsvImport(new CsvImport.Options(null, null, null, null, null, ZoneOffset.UTC, false),
        Clock.systemUTC());
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl())) {
      StoreException failure = catchThrowableOfType(StoreException.class, () -> {
        try (Ingestor ingestor = Ingestor.open(db, Clock.systemUTC())) {
          server.stop();
          importer.run(List.of(csv), ingestor, b -> { });
        }
      });

      assertThat(failure).as("the import must fail").isNotNull();
      assertThat(failure.getMessage())
          .startsWith("database at " + JdbcUrls.hostAndPort(server.jdbcUrl()) + " is not reachable: ")
          .doesNotContain("Connection is not available").doesNotContain("timed out");
    }
  }
}
