package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real TimescaleDB server of the {@code timescaledb} test group: a PostgreSQL cluster with the
 * extension preloaded, such as {@code ../shared/timescaledb/test-server start} makes (which
 * {@code .ci/run} calls). Found at {@code AW_TIMESCALEDB_URL} (JDBC URL of its {@code postgres}
 * database), else at {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres}.
 *
 * <p>Without a reachable server with the extension preloaded the calling test is skipped with the
 * reason, unless the system property {@code aw.timescaledb.required} is {@code true} (CI), when it
 * fails. Each test class gets its own fresh database on the server. Thread-safe.
 */
final class TimescaleServer {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TimescaleServer() {}

  /** JDBC URL of the server's {@code postgres} database. */
  static String adminUrl() {
    String url = System.getenv("AW_TIMESCALEDB_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /**
   * A new empty database on the server (named after {@code label}, with a process-unique suffix),
   * as a JDBC URL; skips (or fails when required) the caller when no server is there.
   */
  static String freshDatabase(String label) {
    String admin = adminUrl();
    String name = ("ts" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_"
        + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
    name = name.length() > 60 ? name.substring(0, 60) : name;
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      requirePreloaded(s);
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      unavailable("no TimescaleDB test server at " + JdbcUrls.mask(admin) + " (" + Database.firstLine(e.getMessage())
          + "); start one with ../shared/timescaledb/test-server start");
    }
    int slash = admin.indexOf('/', "jdbc:postgresql://".length());
    int query = admin.indexOf('?', slash);
    return admin.substring(0, slash + 1) + name + (query < 0 ? "" : admin.substring(query));
  }

  private static void requirePreloaded(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
      rs.next();
      if (!rs.getString(1).contains("timescaledb")) {
        unavailable("the server at " + JdbcUrls.mask(adminUrl()) + " does not preload timescaledb");
      }
    }
  }

  private static void unavailable(String reason) {
    if (Boolean.getBoolean("aw.timescaledb.required")) {
      Assertions.fail(reason + "; aw.timescaledb.required=true makes this a failure");
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }

  /** Drops a database made by {@link #freshDatabase}; best effort (the server may be gone). */
  static void drop(String jdbcUrl) {
    String name = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
    try (Connection c = DriverManager.getConnection(adminUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop test database " + name + ": " + Database.firstLine(e.getMessage()));
    }
  }
}
