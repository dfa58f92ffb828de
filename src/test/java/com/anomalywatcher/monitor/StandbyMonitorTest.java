package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two monitors on one database: one is active, the other stands by (saying so) and scores and
 * notifies nothing; when the active one's session ends it takes over from the stored checkpoints.
 * Before the lease both ran and every notification went out twice.
 */
class StandbyMonitorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("standby-monitor");
  private static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");

  /** One monitor process: its lease, what it said and what it notified. */
  private static final class Process {
    final List<String> said = new ArrayList<>();
    final List<AlertChange> notified = new ArrayList<>();
    final MonitorLease lease;
    final RecoveringMonitor monitor;

    Process(Database database, SettableClock clock, Path models) {
      lease = new MonitorLease(database);
      AlertSink sink = Sinks.collecting(notified);
      MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), said::add,
          (deadline, stop) -> clock.set(deadline));
      monitor = new RecoveringMonitor(fence -> new Monitor(database, ModelRepository.at(models), settings, sink, clock,
          fence),
          retry, lease, said::add);
    }
  }

  @Test
  void secondMonitorStandsByAndTakesOverWhenTheActiveOneStops(@TempDir Path models) {
    new GeneratedHistory(23, 6).write(db.database(), CUT, CUT.plus(Duration.ofHours(3)), 0.1);
    SettableClock clock = new SettableClock(CUT);
    Process active = new Process(db.database(), clock, models);
    Process standby = new Process(db.database(), clock, models);

    clock.set(CUT.plus(Duration.ofMinutes(90)));
    long scored = active.monitor.runOnce().orElseThrow().scored();
    Optional<CycleSummary> second = standby.monitor.runOnce();
    clock.set(CUT.plus(Duration.ofMinutes(120)));
    scored += active.monitor.runOnce().orElseThrow().scored();
    Optional<CycleSummary> third = standby.monitor.runOnce();
    active.lease.close(); // its session ends, as when the process is killed
    clock.set(CUT.plus(Duration.ofHours(3)));
    scored += standby.monitor.runOnce().orElseThrow().scored();
    standby.lease.close();

    assertThat(second).isEmpty();
    assertThat(third).isEmpty();
    assertThat(standby.said).containsExactly(
        "another monitor is active on this database: standing by, taking over when it stops",
        "the active monitor stopped: taking over");
    assertThat(standby.monitor.isStandby()).isFalse();
    long total = 0;
    for (Checkpoint c : new AlertStore(db.database()).checkpoints().values()) {
      total += c.scoredCount();
    }
    assertThat(scored).isEqualTo(total).isEqualTo(6 * 180);
    List<String> all = new ArrayList<>();
    for (AlertChange c : active.notified) {
      all.add(c.type() + " " + c.alert().sensorId() + "@" + c.alert().openedAt());
    }
    for (AlertChange c : standby.notified) {
      all.add(c.type() + " " + c.alert().sensorId() + "@" + c.alert().openedAt());
    }
    assertThat(all).isNotEmpty().doesNotHaveDuplicates();
  }
}
