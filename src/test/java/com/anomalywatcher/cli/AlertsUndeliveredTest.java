package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code alerts --undelivered} lists the outbox events a sink has not taken, with their keys. */
class AlertsUndeliveredTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-undelivered");

  private String run(String... args) {
    StringWriter out = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db-url";
    full[args.length + 1] = db.jdbcUrl();
    assertThat(Main.run(full, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))).isZero();
    return out.toString();
  }

  @Test
  void listsWhatASinkHasNotTaken() {
    assertThat(run("alerts", "--undelivered")).contains("no undelivered alert events");
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-01T14:02:00Z");
    String sink = "webhook http://127.0.0.1:1/hook json #00000000";
    outbox.register(sink, sink, t);
    AlertRow a = new AlertRow("oven-restaurant-3fa2c1", "oven", "restaurant", t, null, t, 0.97, t,
        AnomalyKind.SPIKE, 312, 180, 205, "°C", "312 °C, expected 180–205 °C — spike");
    new AlertStore(db.database()).commit(List.of(a), List.of(),
        List.of(new OutboxStore.Event(a.sensorId(), t, "open", "{\"sensor_id\":\"oven-restaurant-3fa2c1\"}", t)));

    String out = run("alerts", "--undelivered");

    assertThat(out).contains("oven-restaurant-3fa2c1").contains("open").contains("-1 ")
        .contains("webhook http://127.0.0.1:1/hook").contains("1 undelivered alert event");
  }

  /** Runs a command that should fail; returns its exit code and its standard error. */
  private static String[] refused(String... args) {
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db-url";
    full[args.length + 1] = db.jdbcUrl();
    int code = Main.run(full, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void refusesTheListFiltersBesideUndeliveredOrSetAsideInsteadOfIgnoringThem() {
    // Both exited 0: --undelivered --open listed every undelivered event, open alert or not.
    String[] open = refused("alerts", "--undelivered", "--open");
    assertThat(open[0]).as(open[1]).isEqualTo("2");
    assertThat(open[1].lines().findFirst().orElseThrow()).isEqualTo("Error: --open filters the alert list only, not --undelivered");

    String[] since = refused("alerts", "--set-aside", "--since", "2026-03-01T00:00:00Z");
    assertThat(since[0]).as(since[1]).isEqualTo("2");
    assertThat(since[1].lines().findFirst().orElseThrow())
        .isEqualTo("Error: --since 2026-03-01T00:00:00Z filters the alert list only, not --set-aside");
  }
}
