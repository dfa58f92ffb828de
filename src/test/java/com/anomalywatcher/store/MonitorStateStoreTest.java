package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Running states are written with the checkpoints, read back as last written, and their old versions vacuumed. */
class MonitorStateStoreTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-state");

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void readsTheLastStateWrittenAndVacuumsTheReplacedOnes() throws InterruptedException {
    AlertStore alerts = new AlertStore(db.database());
    MonitorStateStore states = new MonitorStateStore(db.database());
    for (int i = 0; i < 5; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i));
      alerts.commit(List.of(), List.of(), List.of(), List.of(
          new MonitorStateStore.Saved("oven-1", at, "f1", null, new byte[] {(byte) i}),
          new MonitorStateStore.Saved("lamp-1", at, "f1", T0, new byte[3000 + i])));
    }

    Map<String, MonitorStateStore.Saved> read = states.read(List.of("oven-1", "lamp-1", "fan-1"));

    assertThat(read).containsOnlyKeys("oven-1", "lamp-1");
    assertThat(read.get("oven-1").state()).containsExactly(4);
    assertThat(read.get("oven-1").scoredAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    assertThat(read.get("oven-1").modelTo()).isNull();
    assertThat(read.get("lamp-1").state()).hasSize(3004);
    assertThat(read.get("lamp-1").modelTo()).isEqualTo(T0);

    long before = vacuums();
    states.vacuum();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (vacuums() == before && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the statistics view catches up with the vacuum it reports
    }
    assertThat(vacuums()).isGreaterThan(before);
    assertThat(states.read(List.of("oven-1")).get("oven-1").state()).containsExactly(4);
  }

  private static long vacuums() {
    return db.queryLong("SELECT coalesce(sum(vacuum_count), 0) FROM pg_stat_user_tables WHERE relname = 'monitor_state'");
  }
}
