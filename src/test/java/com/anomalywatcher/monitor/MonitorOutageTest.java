package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.testing.SettableClock;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test: the database is stopped between two monitor cycles and started again. The cycle
 * during the outage reports nothing (and the outage once); the next one continues from the stored
 * checkpoints, so every reading is scored exactly once. The old monitor exited at the first
 * failed query.
 */
class MonitorOutageTest {
  private static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  private static final Instant END = CUT.plus(Duration.ofHours(2));

  @Test
  void cyclesRideOutAnOutageAndScoreEveryReadingOnce(@TempDir Path dir) {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl());
        MonitorLease lease = new MonitorLease(db)) {
      new GeneratedHistory(17, 6).write(db, CUT, END, 0.05);
      SettableClock clock = new SettableClock();
      List<String> said = new ArrayList<>();
      DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), said::add,
          (deadline, stop) -> clock.set(deadline));
      MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
      List<AlertChange> delivered = new ArrayList<>();
      AlertSink sink = Sinks.collecting(delivered);
      RecoveringMonitor monitor = new RecoveringMonitor(fence -> new Monitor(db,
          ModelRepository.at(dir.resolve("models")), settings, sink, clock, fence), retry, lease, said::add);
      long scored = 0;

      clock.set(CUT.plus(Duration.ofMinutes(50)));
      scored += monitor.runOnce().orElseThrow().scored();
      server.stop();
      clock.set(CUT.plus(Duration.ofMinutes(80)));
      Optional<CycleSummary> during = monitor.runOnce();
      server.start();
      clock.set(END.plusSeconds(60));
      scored += monitor.runOnce().orElseThrow().scored();

      assertThat(during).isEmpty();
      assertThat(said).hasSize(2);
      assertThat(said.get(0)).isEqualTo("database unavailable since 01:20:00, retrying");
      Map<String, Checkpoint> checkpoints = new AlertStore(db).checkpoints();
      assertThat(checkpoints).hasSize(6);
      long total = 0;
      for (Checkpoint c : checkpoints.values()) {
        assertThat(c.lastScoredAt()).isEqualTo(END.minus(GeneratedHistory.MINUTE));
        total += c.scoredCount();
      }
      assertThat(scored).isEqualTo(total).isEqualTo(6 * 120);
    }
  }
}
