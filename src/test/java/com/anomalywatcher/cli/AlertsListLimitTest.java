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

/**
 * {@code alerts} and {@code alerts --undelivered} say when {@code --limit} cut their list, and the
 * undelivered list counts every sink with its last error, since it goes sink by sink.
 */
class AlertsListLimitTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-list-limit");

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
  void saysWhenLimitHidesEventsAndCountsEachSinkWithItsLastError() {
    OutboxStore outbox = new OutboxStore(db.database());
    Instant t = Instant.parse("2026-03-02T09:00:00Z");
    String file = "file /tmp/aa-alerts.jsonl";
    String dead = "webhook http://127.0.0.1:1/dead json #11111111";
    outbox.register(file, file, t);
    outbox.register(dead, dead, t);
    AlertStore alerts = new AlertStore(db.database());
    for (int i = 0; i < 3; i++) {
      Instant at = t.plusSeconds(60L * (i + 1));
      AlertRow a = new AlertRow("heater-cut-" + i, "heater", "factory", at, null, at, 0.9, at,
          AnomalyKind.DROP, 20, 60, 70, "°C", "20 °C, expected 60–70 °C — drop");
      alerts.commit(List.of(a), List.of(),
          List.of(new OutboxStore.Event(a.sensorId(), at, "open", "{\"sensor_id\":\"" + a.sensorId() + "\"}", at)));
    }
    OutboxStore.Pending first = outbox.pending(dead, 1).get(0);
    outbox.failed(first, 4, t.plusSeconds(600), "ConnectException: Connection refused");

    String out = run("alerts", "--undelivered", "--limit", "2");

    // The list goes sink by sink: 2 rows are the file's, and the dead webhook showed nowhere.
    assertThat(out).contains("(2 shown: --limit ")
        .containsPattern("\\s3  file /tmp/aa-alerts\\.jsonl\\R")
        .containsPattern("\\s3  webhook http://127\\.0\\.0\\.1:1/dead json #11111111  last error: ConnectException: Connection refused");
    assertThat(out).containsPattern("\\d+ undelivered alert events \\(2 shown");
  }

  @Test
  void alertsSaysWhenLimitCutTheList() {
    AlertStore alerts = new AlertStore(db.database());
    Instant t = Instant.parse("2026-03-03T09:00:00Z");
    for (int i = 0; i < 3; i++) {
      Instant at = t.plusSeconds(60L * (i + 1));
      alerts.commit(List.of(new AlertRow("fan-cut-" + i, "fan", "factory", at, null, at, 0.9, at,
          AnomalyKind.STALL, 0, 600, 700, "rpm", "0 rpm, expected 600–700 rpm — stall")), List.of(), List.of());
    }

    String all = run("alerts", "--since", t.toString());
    String cut = run("alerts", "--since", t.toString(), "--limit", "2");

    assertThat(all).contains("3 alerts").doesNotContain("there are more");
    assertThat(cut).contains("the newest 2 alerts; there are more: --limit N shows more").doesNotContain("fan-cut-0");
  }
}
