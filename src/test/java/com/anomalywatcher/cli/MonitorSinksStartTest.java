package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A monitor whose webhook delivery cannot start leaves nothing of the alerts file's delivery running. */
class MonitorSinksStartTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-sinks-start");
  @TempDir Path tmp;

  /**
   * The webhook's delivery fails as it starts (its table gone here, as a database outage would fail it)
   * after the alerts file's delivery started: that one is closed, so its claim on its sink (a session
   * of its own) is given up. Before, its thread and session outlived the command.
   */
  @Test
  void aWebhookThatCannotStartClosesTheAlertsFileDelivery() {
    db.execute("DROP TABLE alert_sink_key");

    CommandRun r = CommandRun.against(db.jdbcUrl(), "monitor", "--once", "--models-dir", tmp.resolve("models").toString(),
        "--alerts-file", tmp.resolve("alerts.jsonl").toString(), "--webhook", "http://127.0.0.1:1/hook");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("alert_sink_key");
    assertThat(TestDatabase.queryLong(db.database(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
        .as("advisory locks held in the database after the command").isZero();
  }
}
