package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retiring an abandoned alert sink: {@code alerts --forget-sink NAME} removes the sink and what it had
 * still to deliver or had set aside, and nothing of another sink, the alerts or their events. Before,
 * a sink registered once (an old alerts file, an unused webhook name) got a pending row for every new
 * alert event forever and stayed in {@code alerts --undelivered} and {@code status}.
 */
class AlertsForgetSinkTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-forget-sink");
  private static final String OLD = "/var/lib/aw/old-alerts.jsonl";
  private static final String KEPT = "webhook";

  @TempDir Path tmp;
  private final Terminal cli = Terminal.against(db);

  private int runWithInput(String input, String... args) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return cli.run(args);
    } finally {
      System.setIn(before);
    }
  }

  @Test
  void forgetsAnAbandonedSinkWithItsBacklogAndNothingElse() {
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-01T14:02:00Z");
    outbox.register(OLD, OLD, t);
    outbox.register(KEPT, "http://127.0.0.1:1/hook json #00000000", t);
    PendingAlert.commit(db, "oven-restaurant-f0a001", t);
    PendingAlert.commit(db, "oven-restaurant-f0a002", t.plusSeconds(60));
    PendingAlert.commit(db, "oven-restaurant-f0a003", t.plusSeconds(120));
    OutboxStore.Pending first = outbox.pending(OLD, 1).get(0);
    outbox.setAside(first, 1, 422, "HTTP 422: unknown field", t.plusSeconds(1));
    assertThat(outbox.countPending(OLD)).isEqualTo(2);
    long events = db.queryLong("SELECT count(*) FROM alert_outbox");
    long alerts = db.queryLong("SELECT count(*) FROM alerts");
    assertThat(cli.run("status", "--models-dir", tmp.resolve("models").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("alert delivery to " + OLD + ": 2 events waiting (not tried yet")
        .contains("alerts --forget-sink '" + OLD + "'");

    assertThat(runWithInput("old-alerts\n", "alerts", "--forget-sink", OLD)).isEqualTo(1);
    assertThat(cli.out()).contains("This removes alert sink '" + OLD + "'").contains("2 undelivered alert events")
        .contains("1 event set aside").contains("Type the sink name to confirm");
    assertThat(cli.err()).contains("nothing removed");
    assertThat(outbox.countPending(OLD)).isEqualTo(2);

    assertThat(runWithInput(OLD + "\n", "alerts", "--forget-sink", OLD)).as(cli.err()).isZero();
    assertThat(cli.out()).contains("forgot alert sink '" + OLD + "': 2 undelivered alert events, 1 event set aside");

    assertThat(outbox.pending(OLD, 100)).isEmpty();
    assertThat(outbox.countSetAside()).doesNotContainKey(OLD);
    assertThat(outbox.pending(KEPT, 100)).hasSize(3);
    assertThat(db.queryLong("SELECT count(*) FROM alert_outbox")).isEqualTo(events);
    assertThat(db.queryLong("SELECT count(*) FROM alerts")).isEqualTo(alerts);
    PendingAlert.commit(db, "oven-restaurant-f0a004", t.plusSeconds(180)); // a forgotten sink gets no new events
    assertThat(outbox.pending(OLD, 100)).isEmpty();
    assertThat(outbox.pending(KEPT, 100)).hasSize(4);
    assertThat(cli.run("alerts", "--undelivered")).isZero();
    assertThat(cli.out()).doesNotContain(OLD).contains(KEPT);
    assertThat(cli.run("status", "--models-dir", tmp.resolve("models").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).doesNotContain(OLD).contains("alert delivery to " + KEPT);
  }

  /**
   * An alerts file is named by its path, as the README's example gives it: its sink, registered by a
   * monitor with {@code --alerts-file}, is listed as {@code file /abs/path}, and the path alone was
   * refused as no sink.
   */
  @Test
  void forgetsAnAlertsFileByThePathGivenToAlertsFile() {
    String file = tmp.resolve("old-alerts.jsonl").toString();
    assertThat(cli.run("monitor", "--once", "--models-dir", tmp.resolve("models").toString(), "--alerts-file", file))
        .as(cli.err()).isZero();
    PendingAlert.commit(db, "oven-restaurant-f0d001", Instant.parse("2026-03-04T09:00:00Z"));
    assertThat(cli.run("alerts", "--undelivered")).isZero();
    assertThat(cli.out()).contains("file " + file);

    assertThat(runWithInput(file + "\n", "alerts", "--forget-sink", file)).as(cli.err()).isZero();

    assertThat(cli.out()).contains("This removes alert sink 'file " + file + "'")
        .contains("forgot alert sink 'file " + file + "': 1 undelivered alert event");
    assertThat(new OutboxStore(db.database()).countPending("file " + file)).isZero();
  }

  @Test
  void refusesAnUnknownSinkInOneLineAndRemovesNothing() {
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-02T09:00:00Z");
    outbox.register("webhook pager", "http://127.0.0.1:1/pager json #00000000", t);
    PendingAlert.commit(db, "oven-restaurant-f0b001", t);
    long pending = db.queryLong("SELECT count(*) FROM alert_pending");

    assertThat(cli.run("alerts", "--forget-sink", "webhook pagr", "--yes")).isEqualTo(2);
    assertThat(cli.err().lines().findFirst().orElseThrow()).contains("--forget-sink")
        .contains("no alert sink is named 'webhook pagr'").contains("webhook pager");
    assertThat(db.queryLong("SELECT count(*) FROM alert_pending")).isEqualTo(pending);
    assertThat(cli.run("alerts", "--yes")).isEqualTo(2);
    assertThat(cli.err()).contains("--yes goes with --forget-sink only");
    assertThat(cli.run("alerts", "--forget-sink", "webhook pager", "--undelivered")).isEqualTo(2);
    assertThat(cli.err()).contains("--forget-sink").contains("--undelivered");
  }

  @Test
  void refusesWhileAMonitorIsDeliveringTheSink() {
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-03T09:00:00Z");
    outbox.register("webhook busy", "http://127.0.0.1:1/busy json #00000000", t);
    PendingAlert.commit(db, "oven-restaurant-f0c001", t);
    try (MonitorLease pass = outbox.deliveryLease("webhook busy", Duration.ofSeconds(30))) {
      assertThat(pass.holdOrTake()).isTrue();
      assertThat(cli.run("alerts", "--forget-sink", "webhook busy", "--yes")).isEqualTo(1);
      assertThat(cli.err()).contains("being delivered by a monitor now").contains("nothing removed");
      assertThat(outbox.countPending("webhook busy")).isEqualTo(1);
    }
    assertThat(cli.run("alerts", "--forget-sink", "webhook busy", "--yes")).as(cli.err()).isZero();
    assertThat(outbox.countPending("webhook busy")).isZero();
  }
}
