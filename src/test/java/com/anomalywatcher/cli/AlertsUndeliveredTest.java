package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code alerts --undelivered} lists the outbox events a sink has not taken, with their keys. */
class AlertsUndeliveredTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-undelivered");

  private String run(String... args) {
    CommandRun r = CommandRun.against(db.jdbcUrl(), args);
    assertThat(r.exitCode()).isZero();
    return r.out();
  }

  @Test
  void listsWhatASinkHasNotTaken() {
    assertThat(run("alerts", "--undelivered")).contains("no undelivered alert events");
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-01T14:02:00Z");
    String sink = "webhook http://127.0.0.1:1/hook json #00000000";
    outbox.register(sink, sink, t);
    PendingAlert.commit(db, "oven-restaurant-3fa2c1", t);

    String out = run("alerts", "--undelivered");

    assertThat(out).contains("oven-restaurant-3fa2c1").contains("open").contains("-1 ")
        .contains("webhook http://127.0.0.1:1/hook").contains("1 undelivered alert event");
  }

  @Test
  void refusesTheListFiltersBesideUndeliveredOrSetAsideInsteadOfIgnoringThem() {
    // Both exited 0: --undelivered --open listed every undelivered event, open alert or not.
    CommandRun open = CommandRun.against(db.jdbcUrl(), "alerts", "--undelivered", "--open");
    assertThat(open.exitCode()).as(open.err()).isEqualTo(2);
    assertThat(open.err().lines().findFirst().orElseThrow()).isEqualTo("Error: --open filters the alert list only, not --undelivered");

    CommandRun since = CommandRun.against(db.jdbcUrl(), "alerts", "--set-aside", "--since", "2026-03-01T00:00:00Z");
    assertThat(since.exitCode()).as(since.err()).isEqualTo(2);
    assertThat(since.err().lines().findFirst().orElseThrow())
        .isEqualTo("Error: --since 2026-03-01T00:00:00Z filters the alert list only, not --set-aside");
  }
}
