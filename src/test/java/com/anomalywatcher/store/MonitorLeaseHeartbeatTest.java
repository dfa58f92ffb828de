package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor lease's heartbeat keeps the lease through a slow answer: it waits for the server until
 * most of the idle limit has gone by. Before, a check gave up after 2 seconds, and one slow answer on
 * a loaded machine dropped the lease well inside its idle limit.
 */
class MonitorLeaseHeartbeatTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-lease-heartbeat");

  private static final Duration IDLE_LIMIT = Duration.ofSeconds(12); // a heartbeat every 2 s

  @Test
  void aSlowAnswerWellInsideTheIdleLimitKeepsTheLease() throws Exception {
    try (MonitorLease lease = new MonitorLease(db.database(), IDLE_LIMIT)) {
      assertThat(lease.holdOrTake()).isTrue();
      long backend = TestDatabase.queryLong(db.database(), "SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
          + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
      signal("STOP", backend); // the lease's server process answers nothing for 4.5 s: a loaded machine
      try {
        TimeUnit.MILLISECONDS.sleep(4_500); // at least one heartbeat waits through it
      } finally {
        signal("CONT", backend);
      }

      assertThat(lease.keep()).as("the lease after a 4.5 s answer, its idle limit %s", IDLE_LIMIT).isTrue();
      try (MonitorLease standby = new MonitorLease(db.database(), IDLE_LIMIT)) {
        assertThat(standby.holdOrTake()).isFalse();
      }
    }
  }

  @Test
  void aCheckWaitsForMostOfTheIdleLimitLeft() {
    try (MonitorLease lease = new MonitorLease(db.database(), Duration.ofSeconds(30))) {
      assertThat(lease.checkTimeoutSeconds()).as("before it is held").isEqualTo(5);
      assertThat(lease.holdOrTake()).isTrue();
      assertThat(lease.checkTimeoutSeconds()).isBetween(23, 25); // 5/6 of 30 s since its last answer
    }
  }

  /**
   * Closing while a heartbeat waits for a server that answers nothing (its backend frozen) ends within
   * a stop's 20-second grace, and the lease is free afterwards. Before, close waited for the beat, up to
   * most of the idle limit (25 s here; days with a long --lease-timeout).
   */
  @Test
  void closeEndsWithinTheStopGraceWhileAHeartbeatWaitsForAFrozenServer() throws Exception {
    MonitorLease lease = new MonitorLease(db.database(), Duration.ofSeconds(30)); // a beat every 5 s
    assertThat(lease.holdOrTake()).isTrue();
    long backend = TestDatabase.queryLong(db.database(), "SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
        + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    Duration closing;
    signal("STOP", backend);
    try {
      awaitBeatWaitingForTheServer();
      long start = System.nanoTime();
      lease.close();
      closing = Duration.ofNanos(System.nanoTime() - start);
    } finally {
      signal("CONT", backend);
    }

    assertThat(closing).as("close with a beat stuck").isLessThan(Duration.ofSeconds(10));
    try (MonitorLease next = new MonitorLease(db.database(), IDLE_LIMIT)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!next.holdOrTake()) {
        assertThat(System.nanoTime()).as("the lease free within 30 s of its close").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(50); // polling a condition, not timing anything
      }
    }
  }

  /** Waits until the heartbeat thread is inside a check of its session (Connection.isValid). */
  private static void awaitBeatWaitingForTheServer() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Thread.getAllStackTraces().entrySet().stream().noneMatch(e -> e.getKey().getName().equals("aw-monitor-lease")
        && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("isValid")))) {
      assertThat(System.nanoTime()).as("a heartbeat within 30 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(50); // polling a condition, not timing anything
    }
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %s", name, pid).isTrue();
  }
}
