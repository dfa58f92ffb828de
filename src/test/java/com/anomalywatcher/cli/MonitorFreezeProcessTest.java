package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An active {@code monitor} frozen with {@code kill -STOP} (as a paused VM or a cut network would
 * leave it) loses the monitor lease within {@code --lease-timeout}, and its standby takes over and
 * scores what comes next; thawed with {@code kill -CONT}, the old one stands by, having stored and
 * sent nothing. Before, the frozen process kept the lease until the server's TCP keepalive noticed
 * (two hours, or never for a stopped process) and the standby waited all that time. While the active
 * monitor is alive, cycles further apart than the lease timeout do not lose it (its heartbeat).
 */
class MonitorFreezeProcessTest {
  private static final Duration LONG = Duration.ofSeconds(120);
  /** Much longer than the lease timeout plus the standby's interval: a standby that waits this long waits for TCP keepalive. */
  private static final Duration TAKEOVER = Duration.ofSeconds(30);

  private static final String TAKES_OVER = "the active monitor stopped: taking over";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-freeze");

  @TempDir Path dir;

  @Test
  void frozenActiveMonitorLosesTheLeaseAndStandsDownWhenThawed() throws Exception {
    sample("54", "2026-11-20T00:00:00Z");
    int port = WebhookReceiver.freePort();
    // cycles 5 s apart with a 2 s lease: only the heartbeat keeps a live monitor's lease between them
    String[] args = {"monitor", "--interval", "5s", "--lease-timeout", "2s",
        "--webhook", "http://127.0.0.1:" + port + "/hook", "--models-dir", dir.resolve("models").toString(),
        "--db-url", db.jdbcUrl()};
    try (WebhookReceiver receiver = new WebhookReceiver(port, Duration.ZERO);
        AwProcess active = AwProcess.start(dir, "monitor-active", Map.of(), args)) {
      active.awaitOutput(" scored ", LONG);
      try (AwProcess standby = AwProcess.start(dir, "monitor-standby", Map.of(), args)) {
        standby.awaitOutput("standing by", LONG);
        int cycles = scoredLines(active);
        long epoch = count("SELECT epoch FROM monitor_lease");
        active.await("two more cycles, 5 s apart", () -> scoredLines(active) >= cycles + 2, LONG, true);
        assertThat(standby.output()).as("a live active monitor keeps its lease").doesNotContain(TAKES_OVER);
        assertThat(count("SELECT epoch FROM monitor_lease")).as("held throughout, never lost and taken again")
            .isEqualTo(epoch);
        active.await("the first day's events delivered", () -> receiver.keys().size() >= events(), LONG, true);

        active.signal("STOP");
        int frozenAt = active.output().length();
        standby.awaitOutput(TAKES_OVER, TAKEOVER);
        sample("55", "2026-11-21T00:00:00Z");
        standby.await("every sensor scored into the new day", () -> count(
            "SELECT count(*) FROM monitor_checkpoints WHERE last_scored_at >= '2026-11-20T23:00:00Z'") == 24, LONG, true);
        standby.await("every event delivered", () -> receiver.keys().size() >= events(), LONG, true);

        active.signal("CONT");
        active.awaitOutput("standing by", LONG);
        int standbyCycles = scoredLines(standby);
        standby.await("two more cycles of the new active monitor", () -> scoredLines(standby) >= standbyCycles + 2,
            LONG, true);
        assertThat(active.output().substring(frozenAt)).as("the thawed monitor scored nothing").doesNotContain(" scored ");

        standby.signal("TERM");
        assertThat(standby.awaitExit(LONG)).as(standby.output()).isIn(0, 143);
        active.signal("TERM");
        assertThat(active.awaitExit(LONG)).as(active.output()).isIn(0, 143);
      }
      List<String> keys = receiver.keys();
      assertThat(new HashSet<>(keys)).as("no notification sent twice").hasSameSizeAs(keys);
      assertThat(keys).hasSize((int) events());
      assertThat(count("SELECT sum(scored_count) FROM monitor_checkpoints"))
          .as("each reading scored once").isEqualTo(count("SELECT count(*) FROM sensors_data"));
      assertThat(count("SELECT count(*) FROM (SELECT DISTINCT sensor_id, opened_at FROM alerts) a"))
          .isEqualTo(count("SELECT count(*) FROM alerts"));
    }
  }

  private static int scoredLines(AwProcess p) {
    return p.output().split(" scored ", -1).length - 1;
  }

  private static long events() {
    return count("SELECT count(*) FROM alert_outbox");
  }

  private static void sample(String seed, String end) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "24", "--days", "1", "--interval", "1", "--seed", seed,
        "--end", end, "--world", "clean", "--anomaly-rate", "0.05", "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
  }

  private static long count(String sql) {
    return TestDatabase.queryLong(db.database(), sql);
  }
}
