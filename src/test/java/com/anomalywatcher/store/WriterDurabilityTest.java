package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reading reported as written is durably committed: no pooled connection is left with
 * {@code synchronous_commit} off, which once let a server crash lose a tick the console had printed
 * and leaked into alert commits sharing the pool.
 */
class WriterDurabilityTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("writer-durability");

  @Test
  void noPooledConnectionCommitsAsynchronouslyAfterWriting() throws SQLException {
    Database database = db.database();
    for (ReadingWriter.Method method : List.of(ReadingWriter.Method.COPY, ReadingWriter.Method.INSERT)) {
      try (ReadingWriter w = ReadingWriter.open(database, new ReadingWriter.Options(2, 10, method), Clock.systemUTC())) {
        w.writeAll(TestReadings.series(4, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(1), 20));
      }
    }
    List<Connection> all = new ArrayList<>();
    try {
      for (int i = 0; i < database.poolSize(); i++) {
        all.add(database.connection());
      }
      for (Connection c : all) {
        try (Statement s = c.createStatement();
            // The test server runs with synchronous_commit off for speed: what counts is that no
            // session overrides the server's setting.
            ResultSet rs = s.executeQuery("SELECT source FROM pg_settings WHERE name = 'synchronous_commit'")) {
          rs.next();
          assertThat(rs.getString(1)).isNotEqualTo("session");
        }
      }
    } finally {
      for (Connection c : all) {
        c.close();
      }
    }
  }
}
