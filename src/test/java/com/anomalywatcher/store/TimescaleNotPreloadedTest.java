package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code db init} on a server where TimescaleDB is installed but not preloaded (the machine's
 * PostgreSQL once the TimescaleDB test server was built into it): plain PostgreSQL mode, quietly,
 * instead of a stack trace from the session the server ends on {@code CREATE EXTENSION}.
 */
@Tag("timescaledb")
class TimescaleNotPreloadedTest {
  private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  /** Per test JVM: other worktrees may run the suite on the same server at the same time. */
  private static final String NAME = "aw_test_not_preloaded_" + ProcessHandle.current().pid();

  @Test
  void firstDbInitFallsBackToPlainPostgresWithoutAStackTrace() throws SQLException {
    String url = databaseOnAServerWithTimescaleInstalledButNotPreloaded();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream previous = System.err;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      exit = Main.run(new String[] {"db", "init", "--db-url", url},
          new PrintWriter(out, true), new PrintWriter(err, true));
    } finally {
      System.setErr(previous);
      dropDatabase();
    }

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("plain PostgreSQL mode");
    assertThat(err.toString()).isEmpty();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static String databaseOnAServerWithTimescaleInstalledButNotPreloaded() throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN + "&connectTimeout=3");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_available_extensions"
          + " WHERE name = 'timescaledb'), current_setting('shared_preload_libraries')")) {
        rs.next();
        Assumptions.assumeTrue(rs.getBoolean(1) && !rs.getString(2).contains("timescaledb"),
            "the server on 5432 does not have TimescaleDB installed without preloading it");
      }
      s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + NAME);
    } catch (SQLException e) {
      Assumptions.abort("no PostgreSQL on 127.0.0.1:5432: " + e.getMessage());
    }
    return "jdbc:postgresql://127.0.0.1:5432/" + NAME + "?user=postgres";
  }

  private static void dropDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(ADMIN);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
    }
  }
}
