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
 * do not take the lock; against those the retry's backoff remains.
 */
enum BatchLock {
  /** No lock (plain PostgreSQL's first attempt: its writers do not decompress anything). */
  NONE(null),
  /** Alongside other batches. */
  SHARED("SELECT pg_advisory_xact_lock_shared(hashtext('aw-readings-batch'))"),
  /** Alone: after the batches in flight, before any new one. */
  EXCLUSIVE("SELECT pg_advisory_xact_lock(hashtext('aw-readings-batch'))");

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
      s.execute(sql);
    }
  }
}
