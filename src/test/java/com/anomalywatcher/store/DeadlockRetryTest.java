package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.Reading;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A deadlock's victim written again at once takes rows again before the other transaction, woken
 * by the rollback, is done, and can be the victim again and again (TimescaleDB's late rows into
 * compressed chunks, CI on main 31e89e7). Here the other transaction is a batch in flight as a
 * {@link ReadingWriter} batch on TimescaleDB is (holding {@link BatchLock#SHARED}) that, each time
 * the writer waits for it, needs a row the writer took: without {@link BatchLock#EXCLUSIVE} on the
 * retry the writer is the victim on every attempt and the batch fails; with it the retry waits for
 * the batch in flight holding nothing, and every row is stored once. Deterministic: the other
 * session's deadlock_timeout is far longer than the writer's, so the writer is always the victim.
 */
class DeadlockRetryTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T00:00:00Z"), ZoneOffset.UTC);
  private static final int ROWS = 12;

  @Test
  void aDeadlockVictimIsWrittenAgainAloneAndStoresEveryRowOnce() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("deadlock retry")) {
      t.execute("ALTER DATABASE " + t.name() + " SET deadlock_timeout = '3s'"); // the writer's sessions
      t.reconnect();
      List<Reading> rows = TestReadings.series(1, START, Duration.ofMinutes(1), ROWS);
      List<Reading> newestFirst = new ArrayList<>(rows);
      Collections.reverse(newestFirst);
      try (Connection other = DriverManager.getConnection(t.jdbcUrl());
          Connection watch = DriverManager.getConnection(t.jdbcUrl());
          ReadingWriter w = ReadingWriter.open(t.database(), new ReadingWriter.Options(1, ROWS, ReadingWriter.Method.COPY), CLOCK)) {
        w.prepare(START, START.plus(Duration.ofDays(1))); // no partition DDL behind the other's locks later
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
          s.execute("SET deadlock_timeout = '60s'");
          s.execute("SELECT pg_advisory_xact_lock_shared(hashtext('aw-readings-batch'))");
        }
        int otherPid = pid(other);
        insert(other, rows.get(0));
        w.writeAll(newestFirst);
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(w::flush);
        int taken = 1;
        String waitEvent;
        while ((waitEvent = writerWait(watch, otherPid, flushed)) != null && !waitEvent.equals("advisory")) {
          // The writer took rows[taken..] and waits for rows[taken - 1]: take one of its rows.
          assertThat(taken).isLessThan(ROWS);
          insert(other, rows.get(taken++));
        }
        other.commit();
        flushed.get();
        assertThat(waitEvent).isEqualTo("advisory");
        assertThat(w.rowsWritten()).isEqualTo(ROWS - taken);
      }
      assertThat(t.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(ROWS);
    }
  }

  /**
   * A batch in flight that never ends (a writer frozen mid-batch) holds the exclusive retry up for at
   * most its wait, after which new batches, queued behind the waiting retry, go on again.
   */
  @Test
  void theExclusiveRetryWaitsForAFrozenBatchOnlySoLong() throws Exception {
    try (TestDatabase t = TestDatabase.fresh("deadlock retry wait");
        Connection frozen = DriverManager.getConnection(t.jdbcUrl());
        Connection retry = DriverManager.getConnection(t.jdbcUrl());
        Connection next = DriverManager.getConnection(t.jdbcUrl())) {
      frozen.setAutoCommit(false);
      BatchLock.SHARED.take(frozen);
      retry.setAutoCommit(false);
      long start = System.nanoTime();
      assertThatThrownBy(() -> BatchLock.EXCLUSIVE.take(retry))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(BatchLock.isWaitOver(e)).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      retry.rollback();
      next.setAutoCommit(false);
      BatchLock.SHARED.take(next); // not queued behind a retry any more
      next.rollback();
      frozen.rollback();
    }
  }

  /** What the writer's session waits for once it waits for a lock, or null once its flush ended. */
  private static String writerWait(Connection watch, int otherPid, CompletableFuture<Void> flushed)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (PreparedStatement s = watch.prepareStatement("SELECT wait_event FROM pg_stat_activity"
        + " WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), ?) AND wait_event_type = 'Lock'")) {
      s.setInt(1, otherPid);
      while (System.nanoTime() < deadline && !flushed.isDone()) {
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            return r.getString(1);
          }
        }
        Thread.sleep(10);
      }
    }
    assertThat(flushed).as("the writer neither waited for a lock nor finished").isDone();
    return null;
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** The other transaction's row at {@code r}'s sensor and time (waits while the writer holds it). */
  private static void insert(Connection c, Reading r) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO sensors_data"
        + " (id, \"timestamp\", sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " VALUES (gen_random_uuid(), ?, ?, 'analog', 'oven', 0, '°C', 'factory', '{}')")) {
      s.setTimestamp(1, Timestamp.from(r.timestamp()));
      s.setString(2, r.sensorId());
      s.executeUpdate();
    }
  }
}
