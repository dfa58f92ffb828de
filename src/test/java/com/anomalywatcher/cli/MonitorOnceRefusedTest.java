package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor --once} refused because another monitor is active writes nothing: in particular it
 * does not register its webhook as where the sink {@code webhook} delivers now. When it did (its
 * sinks were opened before the lease was asked for), the active monitor found its sink taken over
 * ("the one started last wins"), sent nothing more, and once the refused run had exited nobody
 * delivered the sink's events until they expired.
 */
class MonitorOnceRefusedTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-once-refused");
  private static final String ACTIVE_TARGET = "http://127.0.0.1:1/active json #00000000";

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aRefusedOnceLeavesTheActiveMonitorsSinkAlone() {
    OutboxStore outbox = new OutboxStore(db.database());
    outbox.register("webhook", ACTIVE_TARGET, Instant.parse("2026-03-01T14:00:00Z"));
    try (MonitorLease active = new MonitorLease(db.database())) {
      assertThat(active.holdOrTake()).isTrue();

      int code = Main.run(new String[] {"monitor", "--once", "--webhook", "http://127.0.0.1:2/other",
          "--models-dir", tmp.resolve("models").toString(), "--db-url", db.jdbcUrl()},
          new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(err.toString()).contains("another monitor is active");
    }
    assertThat(outbox.target("webhook")).contains(ACTIVE_TARGET);
    assertThat(outbox.targets()).as("a refused run registers no sink").containsOnlyKeys("webhook");
  }
}
