package com.anomalywatcher.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the test JVM's one embedded PostgreSQL (zonky, started on first use on a free
 * port in a temporary directory, stopped by its shutdown hook at JVM exit).
 *
 * <p>Closing it (after all tests of the class, or at the end of a try-with-resources block) drops
 * the database. The suite creates over a hundred, about 2 GB and 50,000 files; left on the server,
 * zonky's shutdown hook had to delete them all at JVM exit, which on a busy machine took longer than
 * Surefire's 30 s exit timeout, so Surefire halted the test JVM mid-delete and the rest of the
 * cluster stayed behind in the temporary directory.
 *
 * <p>Usage in any test class:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabase db = TestDatabase.fresh("reading-writer");
 * ... db.database() (a ready Database, closed after all tests of the class), db.jdbcUrl() ...
 * }</pre>
 *
 * {@link #fresh} databases carry the current schema (what {@code db init} creates, plain PostgreSQL
 * mode); {@link #empty} ones have none. Thread-safe.
 */
public final class TestDatabase implements AfterAllCallback, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private final String name;
  private final String jdbcUrl;
  private Database database;
  private boolean dropped;

  private TestDatabase(String name, String jdbcUrl) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
  }

  /** A new database with the project's schema, named after {@code label} plus a counter. */
  public static TestDatabase fresh(String label) {
    TestDatabaseSchema.ensureTemplate();
    return createDatabase(uniqueName(label), " TEMPLATE " + TestDatabaseSchema.TEMPLATE);
  }

  /** A new database without any schema. */
  public static TestDatabase empty(String label) {
    return createDatabase(uniqueName(label), "");
  }

  private static String uniqueName(String label) {
    String name =
        "t" + COUNTER.incrementAndGet() + "_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return name.length() > 60 ? name.substring(0, 60) : name;
  }

  static TestDatabase createDatabase(String name, String options) {
    EmbeddedPostgres pg = server();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + options);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new TestDatabase(name, pg.getJdbcUrl("postgres", name).replace("localhost", "127.0.0.1"));
  }

  /** The embedded server of this JVM, started on first use. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
      }
    }
    return server;
  }

  /** The database name, e.g. {@code t3_reading_writer}. */
  public String name() {
    return name;
  }

  /** JDBC URL of this database, {@code jdbc:postgresql://127.0.0.1:<port>/<name>?user=postgres}. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** A pool on this database, opened on first use and closed with this object. */
  public synchronized Database database() {
    if (dropped) {
      throw new IllegalStateException("test database " + name + " was closed and dropped");
    }
    if (database == null) {
      database = Database.connect(jdbcUrl);
    }
    return database;
  }

  /** Runs SQL (several statements allowed) on this database; for test set-up and checks. */
  public void execute(String sql) {
    try (Connection c = database().connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  /** The first column of the first row of a query as a long (e.g. a count). */
  public long queryLong(String sql, Object... args) {
    return firstColumn(sql, args, rs -> rs.getLong(1));
  }

  /** The first column of the first row of a query on any database of the program, as a long. */
  public static long queryLong(Database database, String sql) {
    return firstColumn(database, sql, rs -> rs.getLong(1));
  }

  /** The first column of the first row of a query on any database of the program, as text. */
  public static String queryString(Database database, String sql) {
    return firstColumn(database, sql, rs -> rs.getString(1));
  }

  private static <T> T firstColumn(Database database, String sql, Column<T> column) {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from: " + sql);
      }
      return column.read(rs);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  /** The first column of the first row of a query as text (null when SQL NULL). */
  public String queryString(String sql, Object... args) {
    return firstColumn(sql, args, rs -> rs.getString(1));
  }

  /** Reads one value from a result row; may throw SQLException. */
  private interface Column<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T firstColumn(String sql, Object[] args, Column<T> column) {
    try (Connection c = database().connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row from: " + sql);
        }
        return column.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }


  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Closes the pool, so the next {@link #database()} opens new sessions (which then take settings
   * changed with {@code ALTER DATABASE}); the database stays.
   */
  public synchronized void reconnect() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** Closes the pool and drops the database, ending any session still on it. Idempotent. */
  @Override
  public synchronized void close() {
    reconnect();
    if (dropped) {
      return;
    }
    dropped = true;
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  /** Whether this JVM's test server still has a database of this name. */
  boolean exists() {
    try (Connection c = server().getPostgresDatabase().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look up test database " + name, e);
    }
  }
}
