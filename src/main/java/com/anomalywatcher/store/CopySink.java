package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLState;

/**
 * Writes a batch with one binary COPY. When the batch holds rows already stored (unique
 * violation), copies it into a session-local staging table instead and inserts from there with ON
 * CONFLICT DO NOTHING. A batch that stored rows ends with {@link ReadingsSignal#send}. Owned by one
 * writer thread.
 */
final class CopySink implements ReadingWriter.BatchSink {
  static final String COLUMNS =
      "id, \"timestamp\", sensor_id, type, category, value, unit, location, sensors_metadata";
  private static final String COPY_READINGS =
      "COPY sensors_data (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
  private static final String CREATE_STAGE =
      """
      CREATE TEMP TABLE IF NOT EXISTS aw_stage_readings
        (LIKE sensors_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
      """;
  private static final String COPY_STAGE =
      "COPY aw_stage_readings (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
  private static final String INSERT_FROM_STAGE =
      "INSERT INTO sensors_data (" + COLUMNS + ") SELECT " + COLUMNS
          + " FROM aw_stage_readings ON CONFLICT DO NOTHING";

  private final Database db;
  private final CopyEncoder encoder = new CopyEncoder();

  CopySink(Database db) {
    this.db = db;
  }

  @Override
  public long write(List<Reading> rows, BatchLock lock) {
    byte[] data = encoder.encode(rows);
    int length = encoder.length();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        lock.take(c);
        long copied = copy(c, COPY_READINGS, data, length);
        if (copied > 0) {
          ReadingsSignal.send(c); // sent by the server with the commit
        }
        c.commit();
        c.setAutoCommit(true);
        return copied;
      } catch (SQLException e) {
        Database.rollBack(c, e);
        if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) {
          throw e;
        }
      }
      return copyThroughStage(c, data, length, lock);
    } catch (SQLException e) {
      throw db.failure(
          "COPY of " + rows.size() + " readings into sensors_data from " + rows.get(0).timestamp(), e);
    }
  }

  private long copyThroughStage(Connection c, byte[] data, int length, BatchLock lock) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      lock.take(c);
      s.execute(CREATE_STAGE);
      copy(c, COPY_STAGE, data, length);
      long inserted = s.executeUpdate(INSERT_FROM_STAGE);
      if (inserted > 0) {
        ReadingsSignal.send(c); // sent by the server with the commit
      }
      c.commit();
      return inserted;
    } catch (SQLException | RuntimeException e) {
      Database.rollBack(c, e); // the failure's own error, not the rollback's on a broken connection
      throw e;
    }
  }

  /** One COPY; an unfinished COPY is cancelled so the connection goes back to the pool clean. */
  private static long copy(Connection c, String sql, byte[] data, int length) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      copy.writeToCopy(data, 0, length);
      return copy.endCopy();
    } catch (SQLException | RuntimeException e) {
      cancel(copy, e);
      throw e;
    } finally {
      cancel(copy, null);
    }
  }

  /** Cancels a COPY still in progress; a failure to cancel is kept as suppressed on {@code cause}. */
  private static void cancel(CopyIn copy, Exception cause) throws SQLException {
    if (!copy.isActive()) {
      return;
    }
    try {
      copy.cancelCopy();
    } catch (SQLException e) {
      if (cause == null) {
        throw e;
      }
      cause.addSuppressed(e);
    }
  }
}
