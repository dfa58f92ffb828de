package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.JdbcUrls;
import com.anomalywatcher.store.StoppableDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import csv} is a one-shot: during an outage it fails (exit 1) with one line that names the
 * outage, where the database is, and what to do, instead of the pool's "Connection is not
 * available, request timed out after 3003ms".
 */
class ImportOutageCommandTest {
  @TempDir Path dir;

  @Test
  void importDuringAnOutageSaysTheDatabaseIsNotReachableAndToRunItAgain() throws Exception {
    Path csv = Files.writeString(dir.resolve("r.csv"), "timestamp,sensor_id,value\n2026-11-01T00:00:00Z,outage-cli,1.5\n");
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"))) {
      server.stop();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int code = Main.run(new String[] {"import", "csv", csv.toString(), "--db-url", server.jdbcUrl()},
          new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString().strip().lines()).hasSize(1);
      assertThat(err.toString())
          .startsWith("Error: database at " + JdbcUrls.hostAndPort(server.jdbcUrl()) + " is not reachable: ")
          .contains("run the same import again when it is back");
      assertThat(out.toString()).isEmpty();
    }
  }
}
