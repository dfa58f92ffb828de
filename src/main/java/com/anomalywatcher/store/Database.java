package com.anomalywatcher.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open PostgreSQL database: a HikariCP pool on one JDBC URL. Thread-safe. The creator closes it;
 * {@link #close()} is idempotent and closes the pool.
 */
public final class Database implements AutoCloseable {
  /** Pool size for ordinary commands: two ingest writers, one reader and one spare. */
  public static final int DEFAULT_POOL_SIZE = 4;

  private final String jdbcUrl;
  private final HikariDataSource pool;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Database(String jdbcUrl, HikariDataSource pool) {
    this.jdbcUrl = jdbcUrl;
    this.pool = pool;
  }

  /**
   * Opens a pool on the URL and checks that the database answers.
   *
   * @param url a JDBC URL or a {@code postgresql://user:password@host:port/db} URL
   * @param poolSize maximum connections, at least 1 (1 for the single-session TimescaleDB test engine)
   * @throws StoreException naming the masked URL when the database cannot be reached
   */
  public static Database connect(String url, int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
    }
    String jdbc = JdbcUrls.toJdbc(Objects.requireNonNull(url, "url"));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbc);
    config.setPoolName("aw-db");
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    // Short: during a database outage every attempt waits this long, and a generator waits with it.
    config.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
    config.setInitializationFailTimeout(1);
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("ApplicationName", "anomaly-watcher");
    // No JIT: over daily partitions it compiles per partition and costs seconds on millisecond plans
    // (V86 sets it on the database too). An options parameter in the URL takes precedence.
    config.addDataSourceProperty("options", "-c jit=off");
    try {
      return new Database(jdbc, new HikariDataSource(config));
    } catch (RuntimeException e) {
      throw new StoreException(DatabaseRetry.isUnavailable(e) ? unreachable(jdbc, e)
          : "cannot connect to database " + JdbcUrls.mask(jdbc) + ": " + JdbcUrls.maskText(rootMessage(e), jdbc), e);
    }
  }

  /** {@link #connect(String, int)} with {@link #DEFAULT_POOL_SIZE}. */
  public static Database connect(String url) {
    return connect(url, DEFAULT_POOL_SIZE);
  }

  /** The JDBC URL with its password masked; safe to print. */
  public String maskedUrl() {
    return JdbcUrls.mask(jdbcUrl);
  }

  /** The JDBC URL including credentials; never print it (use {@link #maskedUrl()}). */
  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The pool itself, for Flyway; store-internal. */
  javax.sql.DataSource dataSource() {
    return pool;
  }

  /** Largest number of connections the pool hands out at once. */
  public int poolSize() {
    return pool.getMaximumPoolSize();
  }

  /** A pooled connection in auto-commit mode; the caller closes it (try-with-resources). */
  Connection connection() throws SQLException {
    if (closed.get()) {
      throw new IllegalStateException("database " + maskedUrl() + " is closed");
    }
    return pool.getConnection();
  }

  /** Work done on one connection inside a transaction; may throw SQLException. */
  @FunctionalInterface
  interface TransactionWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a pooled connection: commits when it returns, rolls
   * back when it throws. SQL failures become a {@link StoreException} naming {@code action}; the
   * failure reported is the work's own, so an outage mid-transaction stays recognisable as one
   * ({@link DatabaseRetry#isUnavailable}). The pool resets auto-commit when the connection returns.
   */
  <T> T inTransaction(String action, TransactionWork<T> work) {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollBack(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  /**
   * Rolls back after {@code failure} and restores auto-commit. On a connection an outage broke, the
   * rollback fails too ("Connection is closed", without an SQL state): that is attached to the
   * failure instead of replacing it, which used to turn a monitor's outage into an exit.
   */
  static void rollBack(Connection c, Exception failure) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Closes a session held outside the pool (a lease, a listener) if there is one, ignoring a
   * failure: the session is gone or going either way, and its locks and LISTENs end with it.
   */
  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // nothing to do: see above
    }
  }

  /**
   * A StoreException whose message names the action, the masked URL and the driver's reason; for an
   * outage ({@link DatabaseRetry#isUnavailable}) it says that first, in {@link #unreachable}'s words,
   * instead of the pool's or the driver's ("Connection is not available, request timed out after
   * 3003ms", "Database connection failed when ending copy").
   */
  StoreException failure(String action, SQLException e) {
    if (DatabaseRetry.isUnavailable(e)) {
      return new StoreException(unreachable(jdbcUrl, e) + "; " + action + " failed", e);
    }
    return new StoreException(action + " failed on " + maskedUrl() + ": " + reason(e), e);
  }

  /**
   * The one wording of an outage for every command, at start or midway: {@code database at
   * 127.0.0.1:5432 is not reachable: Connection refused} (the reason is the innermost cause that has one: the
   * socket's or the server's, not the pool's timeout). No password.
   */
  static String unreachable(String jdbcUrl, Throwable e) {
    String reason = "no reason given";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = firstLine(t.getMessage());
      }
    }
    return "database at " + JdbcUrls.hostAndPort(jdbcUrl) + " is not reachable: " + JdbcUrls.maskText(reason, jdbcUrl);
  }

  /** The first line of an exception's message with this database's password masked. */
  String reason(Exception e) {
    return JdbcUrls.maskText(
        e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage()), jdbcUrl);
  }

  static String firstLine(String m) {
    if (m == null) {
      return "no message";
    }
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? "no reason given" : firstLine(t.getMessage());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }
}
