package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor lease's fence: a takeover raises the epoch only after the previous holder's write
 * transaction in flight has ended (so the new holder restores itself from what it committed), and
 * the previous holder's next write transaction is refused.
 */
class MonitorFenceTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-fence");
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void takeoverWaitsForTheWriteInFlightThenRefusesTheOldHolder() throws Exception {
    ExecutorService taker = Executors.newSingleThreadExecutor();
    try (MonitorLease old = new MonitorLease(db.database(), LIMIT);
        MonitorLease next = new MonitorLease(db.database(), LIMIT);
        Connection c = db.database().connection()) {
      assertThat(old.holdOrTake()).isTrue();
      MonitorFence fence = old.fence();
      c.setAutoCommit(false);
      fence.check(c); // a write transaction of the old holder, passed its fence and not yet committed
      endLeaseSession();

      CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> awaitTaken(next), taker);
      awaitWaitingForRowLock();
      assertThat(taken).as("the takeover waits for the write in flight").isNotDone();
      c.commit();
      assertThat(taken.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(next.epoch()).isEqualTo(fence.epoch() + 1);

      assertThatThrownBy(() -> fence.check(c)).isInstanceOf(LeaseLostException.class)
          .hasMessageContaining("another monitor took over");
      c.rollback();
      next.fence().check(c);
      c.rollback();
    } finally {
      taker.shutdownNow();
    }
  }

  /**
   * A holder frozen inside a write transaction (its fence passed, the epoch's row locked) holds the
   * takeover up no longer than its lease's idle limit: the server ends that transaction's session.
   */
  @Test
  void writeFrozenInFlightHoldsTheTakeoverUpOnlyForTheIdleLimit() throws Exception {
    ExecutorService taker = Executors.newSingleThreadExecutor();
    // c closes first: should the takeover still wait on it, that ends the wait before the leases close
    try (MonitorLease old = new MonitorLease(db.database(), Duration.ofSeconds(1));
        MonitorLease next = new MonitorLease(db.database(), LIMIT);
        Connection c = DriverManager.getConnection(db.jdbcUrl())) { // not the pool's: the server ends it
      assertThat(old.holdOrTake()).isTrue();
      c.setAutoCommit(false);
      old.fence().check(c); // and then nothing more: the writer froze
      endLeaseSession();

      CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> awaitTaken(next), taker);
      assertThat(taken).as("taken within 30 s").succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      assertThat(c.isValid(2)).as("the frozen write's session was ended").isFalse();
    } finally {
      taker.shutdownNow();
    }
  }

  @Test
  void fenceIsOnlyForATakenMonitorLease() {
    try (MonitorLease lease = new MonitorLease(db.database(), LIMIT)) {
      assertThatThrownBy(lease::fence).isInstanceOf(IllegalStateException.class);
    }
  }

  /** Ends the session holding the monitor lease, as the server does once its holder was idle too long. */
  private static void endLeaseSession() {
    assertThat(db.queryLong("""
        SELECT count(pg_terminate_backend(pid)) FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 1 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")).isEqualTo(1);
  }

  /** Takes the lease once the ended session's backend has exited and released the lock. */
  private static boolean awaitTaken(MonitorLease lease) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!lease.holdOrTake()) {
      if (System.nanoTime() > end) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void awaitWaitingForRowLock() throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (db.queryLong("""
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE monitor_lease%'""") == 0) {
      assertThat(System.nanoTime()).as("the takeover's epoch update waits within 30 s").isLessThan(end);
      Thread.sleep(50);
    }
  }
}
