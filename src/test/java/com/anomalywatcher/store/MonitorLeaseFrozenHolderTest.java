package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A lease's holder frozen at the worst moment, right after the server granted its lock, loses the lease
 * within the idle limit, and another process takes it. Before, the idle limit went on the session only in
 * a statement after the lock was granted: a holder frozen between the two (a stopped process, a paused VM)
 * kept the lock on a session without a limit until it thawed or TCP keepalive noticed (two hours). A
 * webhook's delivery takes its sink's lease for every pass, several times a second while alerts flow, so a
 * taker frozen at a random moment now and then hit that gap, and the monitor it had taken the sink from
 * waited for it instead of taking the sink back within the claim's idle limit and a poll.
 */
class MonitorLeaseFrozenHolderTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-lease-frozen-holder");

  private static final Duration IDLE_LIMIT = Duration.ofSeconds(2);

  @Test
  void aDeliveryLeaseHolderFrozenRightAfterItsLockWasGrantedLosesItWithinTheIdleLimit() throws Exception {
    assertFrozenHolderLosesIt(d -> MonitorLease.ofSink(d, "webhook frozen", IDLE_LIMIT));
  }

  @Test
  void aMonitorLeaseHolderFrozenRightAfterItsLockWasGrantedLosesItWithinTheIdleLimit() throws Exception {
    assertFrozenHolderLosesIt(d -> new MonitorLease(d, IDLE_LIMIT));
  }

  /**
   * One lease taken through a proxy that freezes its client as soon as the server has answered the lock
   * statement, the other asked for directly until it is taken: within 30 s (the idle limit is 2 s).
   */
  private static void assertFrozenHolderLosesIt(Function<Database, MonitorLease> lease) throws Exception {
    int port = TestDatabase.server().getPort();
    ExecutorService holder = Executors.newSingleThreadExecutor(r -> new Thread(r, "aw-test-frozen-holder"));
    try (FreezingProxy proxy = new FreezingProxy(port, "pg_try_advisory_lock");
        Database viaProxy = Database.connect(proxy.through(db.jdbcUrl()))) {
      // On a thread of its own: a statement after the lock (the limit, before; the epoch) waits for an answer
      // that cannot come while the client is frozen.
      holder.submit(() -> lease.apply(viaProxy).holdOrTake());
      assertThat(proxy.awaitFrozen(30)).as("the lock statement answered within 30 s").isTrue();

      try (MonitorLease other = lease.apply(db.database())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!other.holdOrTake()) {
          assertThat(System.nanoTime()).as("the lease taken within 30 s of its holder freezing (idle limit %s)",
              IDLE_LIMIT).isLessThan(deadline);
          TimeUnit.MILLISECONDS.sleep(50); // polling a condition, not timing anything
        }
      }
    } finally {
      holder.shutdownNow(); // the proxy's sockets are closed: a statement still waiting fails
      assertThat(holder.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
