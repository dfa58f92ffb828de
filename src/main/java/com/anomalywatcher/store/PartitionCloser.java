package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PSQLState;

/**
 * Plain PostgreSQL mode: finishes a daily partition once its day is complete, as a time-series
 * database compresses a closed chunk. A {@link ReadingWriter} hands over each day it wrote once its
 * data has moved past it (or when it closes, for days before today); this then, on its own thread
 * and connection, beside the writing:
 *
 * <ul>
 *   <li>builds {@code <partition>_category_time} on (category, "timestamp") INCLUDE (sensor_id,
 *       value): the original's per-category aggregates over days (its 7-day hourly oven average)
 *       read it by an index-only scan instead of every row of every day. Built once over the
 *       complete day, it costs ingest a sort, not one more index to keep per row;
 *   <li>{@code VACUUM (ANALYZE)}: the visibility map that index-only scans need, and statistics.
 *       Autovacuum would do both eventually, but may be off (it is on this machine's server), and
 *       the planner needs the statistics right after a bulk load.
 * </ul>
 *
 * <p>A row written later into a finished day is still indexed and found; only its page is read
 * from the heap until the next VACUUM. A server role that may not do this (not the table's owner)
 * leaves the day as it is. Measured in docs/performance-log.md, "Queries at 100 M rows".
 */
final class PartitionCloser implements AutoCloseable {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String EXISTS = "SELECT to_regclass(?) IS NOT NULL";
  /**
   * The columns whose statistics are gathered: those queries filter, group or sort by. Not the
   * reading's id (a uuid) nor its device metadata (jsonb), which no query selects rows by: their
   * statistics were over half of ANALYZE's time on a day of 144,000 rows (0.69-0.80 s against
   * 0.21-0.25 s for four columns, docs/performance-log.md).
   */
  static final String ANALYZED = "\"timestamp\", sensor_id, type, category, value, unit, location, ingest_xid";

  private final Database db;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "aw-partition-closer");
        t.setDaemon(true);
        return t;
      });
  private final List<Future<?>> pending = new ArrayList<>();
  private Connection connection;
  /** The day finished last, and every day finished in this run; on the closer's thread. */
  private LocalDate previous;
  private final java.util.Set<LocalDate> finished = new java.util.TreeSet<>();

  PartitionCloser(Database db) {
    this.db = db;
  }

  /** Queues the days' partitions to be finished, oldest first. */
  void finish(Collection<LocalDate> days) {
    finish(days, List.of());
  }

  /**
   * Queues the days' partitions to be finished, oldest first, once {@code written} are done: the
   * batches holding their last rows (a batch that failed is the writer's to report; its day is
   * finished as it is).
   */
  void finish(Collection<LocalDate> days, List<? extends Future<?>> written) {
    pending.removeIf(Future::isDone);
    days.stream().sorted().forEach(day -> pending.add(executor.submit(() -> {
      awaitQuietly(written);
      finishDay(day);
      // A day vacuumed right after its last rows were written came out with only part of its pages
      // all-visible, often the later part (sample 100 x 3 days on PostgreSQL 15: 2,447 of 4,966; not
      // understood). A second pass once the writing has moved on marks the rest and skips the pages
      // marked already.
      if (previous != null) {
        vacuum(previous, false);
      }
      previous = day;
      finished.add(day);
    })));
  }

  /**
   * After the writing stopped: every day finished in this run vacuumed once more (see finish), which
   * costs little for a day whose pages are all marked (VACUUM skips them).
   */
  void finishAgain() {
    pending.add(executor.submit(() -> {
      vacuumAll(finished);
      finished.clear();
      previous = null;
    }));
  }

  /**
   * Waits until every queued day is finished.
   *
   * @throws StoreException when finishing one failed
   */
  void await() {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while finishing sensors_data partitions", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof StoreException s
            ? s
            : new StoreException("finishing a sensors_data partition failed: " + e.getCause(), e.getCause());
      }
    }
    pending.clear();
  }

  private static void awaitQuietly(List<? extends Future<?>> written) {
    for (Future<?> f : written) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        // reported by the writer that queued it
      }
    }
  }

  private void finishDay(LocalDate day) {
    String partition = partition(day);
    try {
      if (!exists(partition)) {
        return; // dropped by retention meanwhile
      }
      try (Statement s = connection().createStatement()) {
        s.execute("CREATE INDEX IF NOT EXISTS " + partition + "_category_time ON " + partition
            + " (category, \"timestamp\") INCLUDE (sensor_id, value)");
      }
    } catch (SQLException e) {
      if (ignorable(e)) {
        return;
      }
      throw db.failure("index the complete day's partition " + partition, e);
    }
    vacuum(day, true);
  }

  private void vacuum(LocalDate day, boolean analyze) {
    String partition = partition(day);
    try {
      if (!exists(partition)) {
        return;
      }
      try (Statement s = connection().createStatement()) {
        // VACUUM marks a page all-visible only once the commits of its rows are flushed (it cannot
        // set their hint bits before). On a server with synchronous_commit off they may not be yet:
        // a transaction committed synchronously flushes the log up to its own commit, theirs too.
        s.execute("SELECT pg_current_xact_id()");
        s.execute(analyze ? "VACUUM (ANALYZE) " + partition + " (" + ANALYZED + ")" : "VACUUM " + partition);
      }
    } catch (SQLException e) {
      if (!ignorable(e)) {
        throw db.failure("vacuum the complete day's partition " + partition, e);
      }
    }
  }

  /**
   * One VACUUM of every day that still exists, after one flush of the log: the run's last step, when
   * nothing is written any more, so one round trip instead of three per day (a flush, a look-up and
   * the VACUUM: ~20 round trips at the end of a week's {@code sample}, each on the critical path).
   */
  private void vacuumAll(Collection<LocalDate> days) {
    if (days.isEmpty()) {
      return;
    }
    String[] names = days.stream().map(PartitionCloser::partition).toArray(String[]::new);
    try {
      List<String> present = new ArrayList<>();
      try (PreparedStatement s = connection().prepareStatement(
          "SELECT n FROM unnest(?::text[]) AS n WHERE to_regclass(n) IS NOT NULL ORDER BY n")) {
        s.setArray(1, connection().createArrayOf("text", names));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            present.add(rs.getString(1));
          }
        }
      }
      if (present.isEmpty()) {
        return;
      }
      try (Statement s = connection().createStatement()) {
        s.execute("SELECT pg_current_xact_id()"); // see vacuum: the rows' commits flushed first
        s.execute("VACUUM " + String.join(", ", present));
      }
    } catch (SQLException e) {
      if (!ignorable(e)) {
        throw db.failure("vacuum the complete days' partitions " + String.join(", ", names), e);
      }
      days.forEach(day -> vacuum(day, false)); // one was dropped meanwhile (retention): the rest one by one
    }
  }

  private boolean exists(String partition) throws SQLException {
    try (PreparedStatement s = connection().prepareStatement(EXISTS)) {
      s.setString(1, partition);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Dropped meanwhile (retention), or not ours to maintain (not the table's owner). */
  private static boolean ignorable(SQLException e) {
    return PSQLState.UNDEFINED_TABLE.getState().equals(e.getSQLState()) || "42501".equals(e.getSQLState());
  }

  private static String partition(LocalDate day) {
    return "sensors_data_p" + DAY.format(day);
  }

  /**
   * Its own connection, not the pool's: VACUUM of a day at 1,000 sensors takes seconds, and the
   * writers must not wait for a pooled connection meanwhile.
   */
  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = DriverManager.getConnection(db.jdbcUrl());
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("SET synchronous_commit = on");
      }
    }
    return connection;
  }

  /** Stops the thread (after what is queued) and closes the connection; does not wait for failures. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing a connection we are done with: nothing to do
      }
    }
  }
}
