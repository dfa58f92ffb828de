package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The right to be the one active monitor of a database: a PostgreSQL session advisory lock held
 * on a dedicated connection (outside the pool). The server releases it when the holder's session
 * ends, also when its process is killed, so a standby that keeps asking takes over. A lease lost
 * with its connection (a database restart) is taken again by whoever asks first. One owner thread;
 * close is idempotent.
 */
public final class MonitorLease implements AutoCloseable {
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('aw-monitor'))";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('aw-monitor'))";

  private final Database db;
  private Connection connection;
  private boolean held;

  /** A lease not yet asked for; {@code db} stays owned by the caller. */
  public MonitorLease(Database db) {
    this.db = db;
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
      try (PreparedStatement s = connection.prepareStatement(TRY_LOCK);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        held = rs.getBoolean(1);
        return held;
      }
    } catch (SQLException e) {
      closeConnection();
      throw db.failure("take the monitor lease", e);
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
    if (held && connection != null) {
      try (PreparedStatement s = connection.prepareStatement(UNLOCK);
          ResultSet rs = s.executeQuery()) {
        rs.next();
      } catch (SQLException e) {
        // The session is going anyway, and its lock with it.
      }
    }
    closeConnection();
  }
}
