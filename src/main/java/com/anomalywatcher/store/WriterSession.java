package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings for ingest connections. */
final class WriterSession {
  /**
   * Commits of readings do not wait for the WAL flush: a server crash can lose the last fraction
   * of a second of readings, never corrupt or half-write a batch (each is one transaction), and
   * re-sending is harmless. Saves a disk flush per batch.
   */
  private static final String ASYNC_COMMIT = "SET synchronous_commit TO off";

  private WriterSession() {}

  static void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(ASYNC_COMMIT);
    }
  }
}
