package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The transaction-level advisory lock a batch of readings takes before its first row, so that a
 * deadlock's victim is written again alone and cannot be one twice. On TimescaleDB two writers
 * whose late rows need the same compressed batches of a chunk decompressed delete those batches'
 * tuples in different orders and deadlock; retried at once the victim takes the first tuple again
 * before the other writer, woken by the rollback, gets to it, and deadlocks again (seen five times
 * in a row under load). Every batch of a {@link ReadingWriter} on TimescaleDB holds the lock
 * {@link #SHARED} (writers run in parallel as before); the victim's retry holds it
 * {@link #EXCLUSIVE}: it first waits until every batch in flight has committed, holding nothing
 * they could wait for, and new batches wait for it. Writers that are not a {@code ReadingWriter}
 * do not take the lock; against those the retry's backoff remains. The exclusive lock is waited for
 * at most {@value #EXCLUSIVE_WAIT}: while it waits, new batches queue behind it, so a writer frozen in
 * the middle of a batch (a stopped process, a stuck COPY) would otherwise stall every writer of the
 * database; past that wait the retry goes alongside the others again ({@link #isWaitOver}).
 */
enum BatchLock {
  /** No lock (plain PostgreSQL's first attempt: its writers do not decompress anything). */
  NONE(null),
  /** Alongside other batches. */
  SHARED("SELECT pg_advisory_xact_lock_shared(hashtext('aw-readings-batch'))"),
  /** Alone: after the batches in flight, before any new one (waited for at most {@value #EXCLUSIVE_WAIT}). */
  EXCLUSIVE("SELECT pg_advisory_xact_lock(hashtext('aw-readings-batch'))");

  /** How long the exclusive lock is waited for. */
  static final String EXCLUSIVE_WAIT = "10s";

  /** SQLSTATE lock_not_available: a lock wait ended by {@code lock_timeout}. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final String sql;

  BatchLock(String sql) {
    this.sql = sql;
  }

  /** Takes the lock in {@code c}'s transaction (autocommit off); released by its commit or rollback. */
  void take(Connection c) throws SQLException {
    if (sql == null) {
      return;
    }
    try (Statement s = c.createStatement()) {
      if (this == EXCLUSIVE) {
        // Only this wait is bounded: the batch's own row locks afterwards wait as before.
        s.execute("SET LOCAL lock_timeout = '" + EXCLUSIVE_WAIT + "'");
        s.execute(sql);
        s.execute("SET LOCAL lock_timeout TO DEFAULT");
      } else {
        s.execute(sql);
      }
    }
  }

  /** Whether {@code failure} is the exclusive lock's wait running out. */
  static boolean isWaitOver(Throwable failure) {
    return DatabaseRetry.hasSqlState(failure, LOCK_NOT_AVAILABLE::equals);
  }
}
