package com.anomalywatcher.store;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One new day of {@code sensors_data} loaded the way bulk loaders of time series load a closed
 * chunk (plain PostgreSQL mode, {@link BulkDays}): in <b>one transaction</b> on a connection and
 * thread of its own, the day's rows go by one binary {@code COPY ... FREEZE} into a fresh table
 * without indexes, then its indexes are built in bulk (a sort each, instead of an index insert per
 * row per index: half of a COPY backend's CPU, docs/performance-log.md), it is analysed when the day is
 * complete, and it becomes the day's partition by {@code ATTACH PARTITION} (a CHECK constraint of
 * the day's range spares the attach its scan, and is dropped after). The result is the partition
 * {@code aw_ensure_partitions} would have made, index for index and name for name. This class runs
 * the load; the SQL that turns the loaded table into the partition is {@link DayAttach}'s.
 *
 * <p>Why one transaction: the monitor and {@code read --loop} find new rows by the transaction that
 * wrote them ({@code ingest_xid}) and its visibility in their snapshots. Every row of the day carries
 * this transaction's id and appears with its commit, when the partition is attached: never half a
 * day, never a row whose transaction was visible before the row was. A killed run leaves at most
 * the fresh table, empty (the server rolls the load back) and outside {@code sensors_data}; the
 * next writer that loads days drops it ({@link BulkDays#dropLeftovers}). Frozen rows are
 * all-visible from the start, so the day needs no VACUUM for index-only scans.
 *
 * <p>If, when the rows are in, the day's partition holds rows after all (another writer wrote the
 * day meanwhile), or cannot be replaced or attached within {@link DayAttach#LOCK_TIMEOUT}, the rows
 * go into {@code sensors_data} by {@code INSERT ... ON CONFLICT DO NOTHING} in the same transaction,
 * as a batch with duplicates does: slower, never wrong. Used by one producer thread; the work runs on
 * this day's own thread.
 */
final class DayLoad {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  /** Binary COPY header (signature, flags, extension length) that {@link CopyEncoder} writes first. */
  private static final int HEADER_BYTES = 19;
  private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
  /** The fresh table while the day loads: {@code aw_load_pYYYYMMDD_<backend pid>}. */
  static final String STAGE_PREFIX = "aw_load_";

  private final Database db;
  private final LocalDate day;
  private final String partition;
  /** The fresh table, named after the day and the backend that loads it. */
  private String stage;
  private final ExecutorService thread;
  /** Made at the load's start, when its transaction's id is known. */
  private CopyEncoder encoder;
  private final CompletableFuture<Long> committed = new CompletableFuture<>();
  private Connection connection;
  private CopyIn copy;
  private long rows;

  DayLoad(Database db, LocalDate day) {
    this.db = db;
    this.day = day;
    this.partition = partition(day);
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "aw-day-load-" + DAY.format(day));
      t.setDaemon(true);
      return t;
    });
  }

  static String partition(LocalDate day) {
    return "sensors_data_p" + DAY.format(day);
  }

  LocalDate day() {
    return day;
  }

  /** Rows copied so far (on the day's thread) or in all once committed. */
  long rows() {
    return rows;
  }

  /** The commit of the day: its rows inserted, or the failure. */
  CompletableFuture<Long> committed() {
    return committed;
  }

  /** Queues rows of this day (time order not needed); {@code done} runs after, also on failure. */
  Future<?> write(List<Reading> batch, Runnable done) {
    return thread.submit(() -> {
      try {
        if (!committed.isDone()) {
          copy(batch);
        }
      } catch (SQLException | RuntimeException e) {
        fail(e);
      } finally {
        done.run();
      }
    });
  }

  /**
   * Queues the end of the load: indexes, statistics when {@code complete} (the day will get no more
   * rows from this writer), and, once {@code before} committed (days commit in time order), the
   * attach and the commit.
   */
  void finish(boolean complete, CompletableFuture<?> before) {
    thread.submit(() -> {
      try {
        if (!committed.isDone()) {
          long inserted = end(complete, before);
          committed.complete(inserted);
        }
      } catch (SQLException | RuntimeException e) {
        fail(e);
      } finally {
        close();
      }
    });
    thread.shutdown();
  }

  private void fail(Exception e) {
    dropStage();
    StoreException failure = e instanceof SQLException s
        ? db.failure("bulk load of the new day " + partition, s)
        : new StoreException("bulk load of the new day " + partition + " failed: " + e, e);
    committed.completeExceptionally(failure);
    close();
  }

  private void copy(List<Reading> batch) throws SQLException {
    boolean first = copy == null;
    if (first) {
      begin();
    }
    byte[] data = encoder.encode(batch);
    int length = encoder.length() - TRAILER.length;
    if (first) {
      copy.writeToCopy(data, 0, length);
    } else {
      copy.writeToCopy(data, HEADER_BYTES, length - HEADER_BYTES);
    }
    rows += batch.size();
  }

  private void begin() throws SQLException {
    Properties props = new Properties();
    props.setProperty("ApplicationName", "anomaly-watcher");
    props.setProperty("options", "-c jit=off");
    connection = DriverManager.getConnection(db.jdbcUrl(), props);
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        stage = STAGE_PREFIX + partition.substring("sensors_data_".length()) + "_" + rs.getInt(1);
      }
      // Created and committed on its own: created inside the load's transaction, it would hold a
      // lock on sensors_data until the commit, and the next day's load (open meanwhile) would keep
      // this day's attach waiting for it. A run killed now leaves it empty: BulkDays drops it.
      s.execute("CREATE TABLE " + stage + " (LIKE sensors_data INCLUDING DEFAULTS)");
      connection.setAutoCommit(false);
      // FREEZE is allowed because the table is emptied in this transaction: its rows are written
      // frozen and their pages all-visible, so no VACUUM is owed for them.
      s.execute("TRUNCATE " + stage);
      // Every row's ingest_xid is this transaction's id, as the column's default gives it: sent
      // with the rows, the server need not work it out per row (xid to text to bigint).
      try (ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
        rs.next();
        encoder = new CopyEncoder(rs.getLong(1));
      }
    }
    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + stage + " ("
        + CopySink.COLUMNS + ", ingest_xid) FROM STDIN (FORMAT binary, FREEZE)");
  }

  private long end(boolean complete, CompletableFuture<?> before) throws SQLException {
    if (copy == null) {
      return 0;
    }
    copy.writeToCopy(TRAILER, 0, TRAILER.length);
    rows = copy.endCopy();
    copy = null;
    long inserted;
    DayAttach attach = new DayAttach(stage, partition, day);
    try (Statement s = connection.createStatement()) {
      s.execute("SAVEPOINT bulk");
      try {
        attach.index(s, complete);
        awaitCommit(before);
        if (!attach.replaceable(s)) {
          throw new SQLException("the day's partition " + partition + " holds rows");
        }
        attach.renameAndAttach(s, complete);
        s.execute("RELEASE SAVEPOINT bulk");
        inserted = rows;
      } catch (SQLException e) {
        // Rows written into the day meanwhile, a lock not had in time, a reading twice in the
        // rows (no primary key then): what was done since the COPY is undone, and the rows go in
        // as a batch with duplicates does.
        s.execute("ROLLBACK TO SAVEPOINT bulk");
        awaitCommit(before);
        inserted = attach.insert(s);
      }
    }
    ReadingsSignal.send(connection); // sent by the server with the commit
    connection.commit();
    return inserted;
  }

  /**
   * Days commit in time order: waits for the previous one. If it failed, this one fails too (rolled
   * back), so the stored days stay a prefix of the run and a run again continues where they end.
   */
  private static void awaitCommit(CompletableFuture<?> before) {
    try {
      before.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new StoreException("the day before failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** After a failure: the load rolled back, its empty table dropped (if the connection still works). */
  private void dropStage() {
    if (connection == null || stage == null) {
      return;
    }
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
      connection.rollback();
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + stage);
      }
    } catch (SQLException ignored) {
      // the next run's BulkDays drops it
    }
  }

  private void close() {
    if (connection != null) {
      try {
        connection.close(); // an uncommitted load is rolled back with it, its table too
      } catch (SQLException ignored) {
        // nothing left to do with it
      }
      connection = null;
    }
  }

  /** Stops the day's thread without waiting (the writer is closing after a failure). */
  void abandon() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}