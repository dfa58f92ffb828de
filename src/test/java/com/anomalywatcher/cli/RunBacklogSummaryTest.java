package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary of a {@code run --monitor-only} over a stored backlog counts every alert its monitor
 * opened, although all are on readings from before the run, and lists the episodes in those
 * readings, found or missed (it counted none of either: none opened during the run).
 */
class RunBacklogSummaryTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("run-backlog-summary");

  @TempDir Path models;

  @Test
  void theSummaryCountsTheAlertsOnReadingsFromBeforeTheRun() {
    CommandRun sample = MonitorOnlyBacklog.sample(db, 43, "2026-02-02T00:00:00Z", "--anomaly-rate", "0.5");

    // every reading scored is from before the run: its alerts are too
    CommandRun run = MonitorOnlyBacklog.run(db, models);

    long opened = MonitorOnlyBacklog.cycles(run)
        .mapToLong(l -> Long.parseLong(l.replaceAll(".*, (\\d+) alerts? opened.*", "$1"))).sum();
    assertThat(opened).as(sample.out() + run.out()).isPositive();
    assertThat(run.out()).contains(", alerts opened " + opened + ",");
    // every stored episode is in the readings the run scored (no model, no checkpoint: all of them)
    long episodes = db.queryLong("SELECT count(*) FROM anomaly_events");
    assertThat(episodes).as(sample.out()).isPositive();
    assertThat(run.out()).contains("injected " + episodes + ", detected ");
  }
}
