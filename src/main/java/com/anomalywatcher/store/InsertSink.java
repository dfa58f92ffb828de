package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes a batch with multi-row {@code INSERT ... ON CONFLICT DO NOTHING} statements in one
 * transaction: the path for servers that cannot COPY (the TimescaleDB test engine). A batch that
 * stored rows ends with {@link ReadingsSignal#send}. Owned by one writer thread.
 */
final class InsertSink implements ReadingWriter.BatchSink {
  /** Rows per statement: 9 parameters each stays far below the protocol's 32767. */
  static final int ROWS_PER_STATEMENT = 500;
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";

  private final Database db;

  InsertSink(Database db) {
    this.db = db;
  }

  static String insertSql(int rows) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO sensors_data (").append(CopySink.COLUMNS).append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(ROW);
    }
    return sql.append(" ON CONFLICT DO NOTHING").toString();
  }

  @Override
  public long write(List<Reading> rows, BatchLock lock) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        lock.take(c);
        long inserted = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
          inserted += insert(c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
        }
        if (inserted > 0) {
          ReadingsSignal.send(c); // sent by the server with the commit
        }
        c.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        Database.rollBack(c, e); // the failure's own error, not the rollback's on a broken connection
        throw e;
      }
    } catch (SQLException e) {
      throw db.failure(
          "INSERT of " + rows.size() + " readings into sensors_data from " + rows.get(0).timestamp(), e);
    }
  }

  private static long insert(Connection c, List<Reading> rows) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(insertSql(rows.size()))) {
      int p = 1;
      for (Reading r : rows) {
        s.setObject(p++, r.id());
        s.setObject(p++, OffsetDateTime.ofInstant(r.timestamp(), ZoneOffset.UTC));
        s.setString(p++, r.sensorId());
        s.setString(p++, r.type().dbName());
        s.setString(p++, r.category());
        s.setDouble(p++, r.value());
        s.setString(p++, r.unit());
        s.setString(p++, r.location());
        s.setString(p++, r.metadataJson());
      }
      return s.executeUpdate();
    }
  }
}
