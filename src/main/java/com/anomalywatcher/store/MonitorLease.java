package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * The right to be the one active monitor of a database: a PostgreSQL session advisory lock held
 * on a dedicated connection (outside the pool). The server releases it when the holder's session
 * ends, also when its process is killed, so a standby that keeps asking takes over. A lease lost
 * with its connection (a database restart) is taken again by whoever asks first. One owner thread;
 * close is idempotent.
 *
 * <p>{@link #ofSink} is the same kind of lease for delivering one alert sink's events from the
 * outbox, taken for each pass and {@link #release released} after it. While it is held, the server
 * ends its session (and the lock) when the holder has not {@link #keep kept} it for a given time
 * ({@code idle_session_timeout}, PostgreSQL 14+): a frozen holder (a stopped process, a paused VM,
 * a cut network) kept the lock until TCP keepalive noticed, two hours or never, and no other
 * monitor delivered that sink's events meanwhile.
 */
public final class MonitorLease implements AutoCloseable {
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('aw-monitor'))";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('aw-monitor'))";
  private static final String TRY_SINK_LOCK = "SELECT pg_try_advisory_lock(hashtext('aw-alert-sink'), hashtext(?))";
  private static final String SINK_UNLOCK = "SELECT pg_advisory_unlock(hashtext('aw-alert-sink'), hashtext(?))";
  private static final String IDLE_LIMIT = "SELECT set_config('idle_session_timeout', ?, false)";

  private final Database db;
  private final String tryLock;
  private final String unlock;
  /** The lock's second key ({@code null} for the monitor's one-key lock). */
  private final String key;
  private final String what;
  /** How long the holder may leave the session silent before the server ends it; {@code null}: forever. */
  private final Duration idleLimit;
  private Connection connection;
  private boolean held;

  /** A lease not yet asked for; {@code db} stays owned by the caller. */
  public MonitorLease(Database db) {
    this(db, TRY_LOCK, UNLOCK, null, "the monitor lease", null);
  }

  private MonitorLease(Database db, String tryLock, String unlock, String key, String what, Duration idleLimit) {
    this.db = db;
    this.tryLock = tryLock;
    this.unlock = unlock;
    this.key = key;
    this.what = what;
    this.idleLimit = idleLimit;
  }

  /**
   * The right to deliver {@code sink}'s alert events now: two monitors of one database with one sink
   * (the active one and a standby, or one stopping while the next starts) both run its delivery,
   * and without it both sent an event that was due to a slow receiver.
   *
   * @param idleLimit while held, the lease ends by itself when the holder has not {@link #keep kept}
   *     it for this long: more than the longest send, so only a frozen holder loses it
   */
  public static MonitorLease ofSink(Database db, String sink, Duration idleLimit) {
    return new MonitorLease(db, TRY_SINK_LOCK, SINK_UNLOCK, sink, "the delivery lease of " + sink,
        Objects.requireNonNull(idleLimit, "idleLimit"));
  }

  /**
   * Whether this process is the active monitor now: true while it holds the lease, or when it was
   * free and is taken now; false while another monitor holds it.
   *
   * @throws StoreException when the database cannot be reached (see {@link DatabaseRetry})
   */
  public boolean holdOrTake() {
    if (connection != null && !alive()) {
      closeConnection(); // the session, and the lock with it, is gone
    }
    if (held) {
      return true;
    }
    try {
      if (connection == null) {
        connection = DriverManager.getConnection(db.jdbcUrl());
      }
      try (PreparedStatement s = statement(tryLock);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        held = rs.getBoolean(1);
      }
      if (held) {
        limitIdleness(true);
      }
      return held;
    } catch (SQLException e) {
      closeConnection();
      throw db.failure("take " + what, e);
    }
  }

  /**
   * Whether the lease is still held, telling the server the holder is alive (its idle limit starts
   * over); false when the server ended the session, after which another process may hold it.
   */
  public boolean keep() {
    if (held && !alive()) {
      closeConnection(); // the session, and the lock with it, is gone
    }
    return held;
  }

  /** Puts the session's idle limit on (while held) or off (0: between passes it may idle). */
  private void limitIdleness(boolean on) throws SQLException {
    if (idleLimit == null) {
      return; // the monitor lease has none
    }
    try (PreparedStatement s = connection.prepareStatement(IDLE_LIMIT)) {
      s.setString(1, on ? Long.toString(Math.max(1, idleLimit.toMillis())) : "0");
      s.executeQuery().close();
    } catch (SQLException e) {
      if (!"42704".equals(e.getSQLState())) {
        throw e;
      } // a server before PostgreSQL 14 has no such limit: the lease lasts as long as the session
    }
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    if (key != null) {
      s.setString(1, key);
    }
    return s;
  }

  /**
   * Gives the lease up and keeps the connection for the next {@link #holdOrTake}; a failure ends
   * the session instead, and the lock with it.
   */
  public void release() {
    if (!held || connection == null) {
      return;
    }
    try (PreparedStatement s = statement(unlock);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      held = false;
      limitIdleness(false);
    } catch (SQLException e) {
      closeConnection();
    }
  }

  private boolean alive() {
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeConnection() {
    held = false;
    Connection c = connection;
    connection = null;
    Database.closeQuietly(c); // its lock ends with the session
  }

  /**
   * Gives the lease up, so a standby takes over at once: unlocks before ending the session, because
   * the server releases a closed session's locks only when its backend has exited, a moment later.
   */
  @Override
  public void close() {
    release(); // before ending the session: see above
    closeConnection();
  }
}
