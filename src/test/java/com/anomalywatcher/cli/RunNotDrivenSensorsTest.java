package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s summary does not call the offline alerts of sensors it does not drive false alarms:
 * the 6 sensors of a 12-sensor set that {@code run --sensors 6} leaves out fell silent while the
 * others reported, and its monitor rightly opened {@code offline} on each; the summary listed them
 * as "(no injected anomaly)" and counted them among the alerts matching none.
 */
class RunNotDrivenSensorsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("run-not-driven");

  @TempDir Path models;

  @Test
  void offlineAlertsOfSensorsTheRunLeavesOutAreSaidSoAndCountedApart() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    // 12 sensors until 3 hours ago, then only the first 6 of the set (those run --sensors 6 drives)
    sample("12", now.minus(Duration.ofHours(3)));
    sample("6", now);

    CommandRun run = CommandRun.against(db.jdbcUrl(), "run", "--sensors", "6", "--world", "clean", "--anomaly-rate",
        "0", "--data-interval", "1s", "--monitor-interval", "1h", "--duration", "3s", "--models-dir",
        models.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().filter(l -> l.endsWith("— offline (a sensor this run does not drive)")))
        .as(run.out()).hasSize(6);
    assertThat(run.out()).doesNotContain("offline (no injected anomaly)");
    // the driven sensors' own alerts, if any (a restarted generator may open some), still count as matching none
    long driven = run.out().lines().filter(l -> l.endsWith("(no injected anomaly)")).count();
    assertThat(run.out()).contains("alerts opened " + (driven + 6) + ", alerts matching no injected anomaly " + driven
        + ", offline sensors this run does not drive 6");
  }

  private void sample(String sensors, Instant end) {
    CommandRun sample = CommandRun.against(db.jdbcUrl(), "sample", "--days", "1", "--interval", "10", "--sensors",
        sensors, "--world", "clean", "--anomaly-rate", "0", "--end", end.toString());
    assertThat(sample.exitCode()).as(sample.err()).isZero();
  }
}
