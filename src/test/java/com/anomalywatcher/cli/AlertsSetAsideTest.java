package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees of an event a receiver refused for good: {@code alerts --set-aside} lists it with
 * the receiver's status and reason, {@code status} counts it, and {@code alerts --resend} puts it
 * back in its sink's line (once: a second re-send finds nothing set aside).
 */
class AlertsSetAsideTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-set-aside");
  private static final String SINK = "webhook";
  private static final String TARGET = "http://127.0.0.1:1/hook json #00000000";

  @TempDir Path tmp;
  private final Terminal cli = Terminal.against(db);

  @Test
  void listsCountsAndResendsAnEventARefusalSetAside() {
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-01T14:02:00Z");
    outbox.register(SINK, TARGET, t);
    PendingAlert.commit(db, "oven-restaurant-5ab1c2", t);
    OutboxStore.Pending p = outbox.pending(SINK, 1).get(0);
    assertThat(cli.run("alerts", "--set-aside")).isZero();
    assertThat(cli.out()).contains("no alert events set aside");

    outbox.setAside(p, 1, 422, "HTTP 422: unknown field 'peak_score'", t.plusSeconds(1));

    assertThat(cli.run("alerts", "--set-aside")).isZero();
    assertThat(cli.out()).contains(p.idempotencyKey()).contains("oven-restaurant-5ab1c2").contains(SINK)
        .contains("422").contains("HTTP 422: unknown field 'peak_score'").contains("1 alert event set aside");
    assertThat(cli.run("alerts", "--undelivered")).isZero();
    assertThat(cli.out()).contains("no undelivered alert events");
    assertThat(cli.run("status", "--models-dir", tmp.resolve("models").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("alert delivery to webhook (" + TARGET + "): 1 event set aside, refused for good")
        .contains("alerts --resend KEY");

    assertThat(cli.run("alerts", "--resend", p.idempotencyKey())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("re-sending " + p.idempotencyKey() + " to " + SINK);
    assertThat(cli.run("alerts", "--undelivered")).isZero();
    assertThat(cli.out()).contains(p.idempotencyKey()).contains("1 undelivered alert event");

    assertThat(cli.run("alerts", "--resend", p.idempotencyKey())).isEqualTo(1);
    assertThat(cli.err()).contains("--resend " + p.idempotencyKey())
        .contains("no alert event with this key is set aside");
  }

  @Test
  void rejectsAResendKeyThatIsNoKeyBeforeOpeningTheDatabase() {
    assertThat(cli.run("alerts", "--resend", "17-2,oven-1")).isEqualTo(2);
    assertThat(cli.err()).contains("--resend").contains("'oven-1'");
    assertThat(cli.run("alerts", "--resend", "all", "--set-aside")).isEqualTo(2);
    assertThat(cli.err()).contains("--set-aside").contains("--resend");
  }
}
