package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert delivery and the monitor lease with {@code monitor} as a process of its own: a dead webhook
 * loses nothing and never holds up the alerts file, a slow one drops nothing at exit, what is left
 * goes out on the next run; and of two monitors on one database one stands by, notifies nothing,
 * and takes over when the active one is killed with {@code kill -9}.
 */
class MonitorProcessTest {
  private static final Duration LONG = Duration.ofSeconds(120);

  @RegisterExtension static final TestDatabase webhooks = TestDatabase.fresh("monitor-process-webhooks");
  @RegisterExtension static final TestDatabase standby = TestDatabase.fresh("monitor-process-standby");
  @RegisterExtension static final TestDatabase early = TestDatabase.fresh("monitor-process-early");

  @TempDir Path dir;

  @Test
  void deadThenSlowWebhookLosesNothingAndNeverHoldsUpTheFile() throws Exception {
    sample(webhooks, "51");
    int port = WebhookReceiver.freePort();
    Path file = dir.resolve("alerts.jsonl");
    String[] once = {"monitor", "--once", "--webhook", "http://127.0.0.1:" + port + "/hook", "--alerts-file",
        file.toString(), "--models-dir", dir.resolve("models").toString(), "--db-url", webhooks.jdbcUrl()};
    try (AwProcess dead = AwProcess.start(dir, "monitor-dead", Map.of(), once)) {
      assertThat(dead.awaitExit(LONG)).as(dead.output()).isZero();
    }
    long events = count(webhooks, "SELECT count(*) FROM alert_outbox");
    assertThat(events).isPositive();
    assertThat(Files.readAllLines(file)).hasSize((int) events);
    assertThat(undelivered()).isEqualTo(events);

    Set<String> received = new HashSet<>();
    try (WebhookReceiver slow = new WebhookReceiver(port, Duration.ofSeconds(5));
        AwProcess p = AwProcess.start(dir, "monitor-slow", Map.of(), once)) {
      assertThat(p.awaitExit(LONG)).as(p.output()).isZero();
      assertThat(undelivered()).as("what the slow receiver did not take stays pending").isBetween(1L, events);
      received.addAll(slow.keys());
    }
    try (WebhookReceiver fast = new WebhookReceiver(port, Duration.ZERO)) {
      for (int run = 0; run < 10 && undelivered() > 0; run++) {
        try (AwProcess p = AwProcess.start(dir, "monitor-fast-" + run, Map.of(), once)) {
          assertThat(p.awaitExit(LONG)).as(p.output()).isZero();
        }
      }
      received.addAll(fast.keys());
    }
    assertThat(undelivered()).isZero();
    assertThat(Files.readAllLines(file)).as("the file got each event once").hasSize((int) events);
    Set<String> all = new HashSet<>(List.of(TestDatabase.queryString(webhooks.database(),
        "SELECT string_agg(alert_id || '-' || change_no, ',') FROM alert_outbox").split(",")));
    assertThat(received).as("each event reached the receiver, the slow one or the fast one").isEqualTo(all);
  }

  @Test
  void secondMonitorStandsByNotifiesNothingAndTakesOverAfterKill9() throws Exception {
    sample(standby, "52");
    int port = WebhookReceiver.freePort();
    String[] args = {"monitor", "--interval", "2s", "--webhook", "http://127.0.0.1:" + port + "/hook",
        "--models-dir", dir.resolve("models").toString(), "--db-url", standby.jdbcUrl()};
    try (WebhookReceiver receiver = new WebhookReceiver(port, Duration.ZERO);
        AwProcess active = AwProcess.start(dir, "monitor-active", Map.of(), args)) {
      active.awaitOutput(" scored ", LONG);
      try (AwProcess second = AwProcess.start(dir, "monitor-standby", Map.of(), args)) {
        second.awaitOutput("standing by", LONG);
        long events = count(standby, "SELECT count(*) FROM alert_outbox");
        active.await("every event delivered", () -> receiver.keys().size() >= events, LONG, true);
        assertThat(second.output()).doesNotContain(" scored ");
        active.signal("KILL");
        active.awaitExit(LONG);
        second.awaitOutput("taking over", LONG);
        second.awaitOutput(" scored ", LONG);
        second.signal("TERM");
        // 0 when the signal comes between cycles, 143 when it cuts a cycle at its next commit (MonitorCommand's
        // documented exit codes; which one depends on the machine's speed); never the watchdog's halt.
        assertThat(second.awaitExit(LONG)).as(second.output()).isIn(0, 143);
        assertThat(second.output()).doesNotContain("did not finish in time");
      }
      List<String> keys = receiver.keys();
      assertThat(keys).hasSize((int) count(standby, "SELECT count(*) FROM alert_outbox"));
      assertThat(new HashSet<>(keys)).as("no notification sent twice").hasSameSizeAs(keys);
    }
  }

  /**
   * Readings this program commits start a cycle at once (their writer's NOTIFY): with an interval of
   * an hour, the next day's readings are still scored while the test waits.
   */
  @Test
  void readingsThisProgramCommitsAreScoredWithoutWaitingOutTheInterval() throws Exception {
    sample(early, "53");
    String[] args = {"monitor", "--interval", "1h", "--models-dir", dir.resolve("models").toString(),
        "--db-url", early.jdbcUrl()};
    try (AwProcess monitor = AwProcess.start(dir, "monitor-early", Map.of(), args)) {
      monitor.awaitOutput(" scored ", LONG);
      StringWriter err = new StringWriter();
      int code = Main.run(new String[] {"sample", "--sensors", "24", "--days", "1", "--interval", "1", "--seed", "53",
          "--end", "2026-11-21T00:00:00Z", "--world", "clean", "--db-url", early.jdbcUrl()},
          new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isZero();
      monitor.await("a second cycle", () -> monitor.output().split(" scored ", -1).length > 2, LONG, true);
      monitor.await("every sensor scored into the new day", () -> count(early,
          "SELECT count(*) FROM monitor_checkpoints WHERE last_scored_at >= '2026-11-20T23:00:00Z'") == 24, LONG, true);
      monitor.signal("TERM");
      assertThat(monitor.awaitExit(LONG)).as(monitor.output()).isZero();
    }
  }

  /** Events the webhook has not taken, as {@code alerts --undelivered --format csv} lists them. */
  private long undelivered() {
    StringWriter out = new StringWriter();
    int code = Main.run(new String[] {"alerts", "--undelivered", "--format", "csv", "--limit", "100000",
        "--db-url", webhooks.jdbcUrl()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    assertThat(code).isZero();
    return out.toString().lines().skip(1).filter(l -> l.contains("webhook")).count();
  }

  /** A clean day (2026-11-19 UTC) of 24 sensors at one reading a minute, 5 % of it in labelled anomalies. */
  static void sample(TestDatabase db, String seed) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "24", "--days", "1", "--interval", "1", "--seed", seed,
        "--end", "2026-11-20T00:00:00Z", "--world", "clean", "--anomaly-rate", "0.05", "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
  }

  private static long count(TestDatabase db, String sql) {
    return TestDatabase.queryLong(db.database(), sql);
  }
}
