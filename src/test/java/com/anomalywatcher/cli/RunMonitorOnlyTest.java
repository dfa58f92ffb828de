package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --monitor-only} scores what is stored when it starts, as {@code monitor} does. */
class RunMonitorOnlyTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("run-monitor-only");

  @TempDir Path models;

  @Test
  void theFirstCycleRunsAtStartNotAfterAWholeMonitorInterval() {
    MonitorOnlyBacklog.sample(db, 41, "2026-01-02T00:00:00Z");

    // A run shorter than its interval: only a first cycle at start scores before the end's last one.
    CommandRun run = MonitorOnlyBacklog.run(db, models);

    assertThat(MonitorOnlyBacklog.cycles(run)).as(run.out()).hasSize(2);
    assertThat(run.out()).contains("monitor: scored 864 readings of 6 sensors")
        .startsWith("monitoring every 1 h (sooner as readings are committed) at threshold 0.70 for 2 s (monitor only)");
  }
}
