package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.LeaseLostException;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor that lost the monitor lease while frozen (the server ended its idle session, another
 * monitor took over and scored on) writes nothing when it thaws: its next commit finds the lease's
 * epoch moved on. Unfenced, it committed its stale view of the same readings beside the new one's:
 * checkpoints counted readings twice and alerts and outbox events went out twice.
 */
class FencedMonitorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("fenced-monitor");
  private static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void thawedMonitorStoresNothingAfterAnotherTookTheLease(@TempDir Path models) throws InterruptedException {
    new GeneratedHistory(23, 6).write(db.database(), CUT, CUT.plus(Duration.ofHours(3)), 0.1);
    SettableClock clock = new SettableClock(CUT.plus(Duration.ofMinutes(90)));
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    List<AlertChange> frozenSaid = new ArrayList<>();
    List<AlertChange> takerSaid = new ArrayList<>();
    try (MonitorLease frozenLease = new MonitorLease(db.database(), LIMIT);
        MonitorLease takerLease = new MonitorLease(db.database(), LIMIT)) {
      assertThat(frozenLease.holdOrTake()).isTrue();
      Monitor frozen = new Monitor(db.database(), ModelRepository.at(models), settings,
          Sinks.collecting(frozenSaid), clock, frozenLease.fence());
      long scored = frozen.runOnce().scored();
      int saidBeforeFreeze = frozenSaid.size();

      endLeaseSession(); // what the server does once the frozen holder's session was idle too long
      awaitTaken(takerLease);
      clock.set(CUT.plus(Duration.ofHours(3)));
      Monitor taker = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(takerSaid),
          clock, takerLease.fence());
      scored += taker.runOnce().scored();
      long events = db.queryLong("SELECT count(*) FROM alert_outbox");
      long alerts = db.queryLong("SELECT count(*) FROM alerts");

      assertThatThrownBy(frozen::runOnce).isInstanceOf(LeaseLostException.class);

      assertThat(frozenSaid).as("nothing notified after the freeze").hasSize(saidBeforeFreeze);
      assertThat(db.queryLong("SELECT count(*) FROM alert_outbox")).isEqualTo(events);
      assertThat(db.queryLong("SELECT count(*) FROM alerts")).isEqualTo(alerts);
      long total = 0;
      for (Checkpoint c : new AlertStore(db.database()).checkpoints().values()) {
        total += c.scoredCount();
      }
      assertThat(scored).isEqualTo(total).isEqualTo(6 * 180);
      assertThat(takerSaid).as("the monitor that took over raised alerts").isNotEmpty();
    }
  }

  /** Ends the session holding the monitor lease (one-key advisory locks are the monitor lease's alone). */
  private static void endLeaseSession() {
    assertThat(db.queryLong("""
        SELECT count(pg_terminate_backend(pid)) FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 1 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")).isEqualTo(1);
  }

  /** Takes the lease once the ended session's backend has exited (and released its lock). */
  private static void awaitTaken(MonitorLease lease) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!lease.holdOrTake()) {
      assertThat(System.nanoTime()).as("the lease freed within 30 s").isLessThan(end);
      Thread.sleep(50);
    }
  }
}
