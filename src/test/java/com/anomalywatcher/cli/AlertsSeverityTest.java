package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code alerts} shows each alert's severity (1 as opened, +1 per escalation), as the README says
 * ("a new severity (`severity` in `alerts` and the JSON)"): only the sinks' JSON carried it, so an
 * escalated alert could not be told from the command line.
 */
class AlertsSeverityTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("alerts-severity");
  private final Terminal cli = Terminal.against(db);

  @Test
  void listsTheSeverityOfAnEscalatedAlertInEveryFormat() {
    Instant t = Instant.parse("2026-03-28T13:05:00Z");
    AlertRow escalated = new AlertRow("oven-restaurant-5e0001", "oven", "restaurant", t, null, t.plusSeconds(240),
        1.0, t.plusSeconds(240), AnomalyKind.DROP, 31, 195, 210, "°C", "31 °C, expected 195–210 °C — drop", 2);
    new AlertStore(db.database()).commit(List.of(escalated), List.of(), List.of());

    assertThat(cli.run("alerts")).as(cli.err()).isZero();
    List<String> table = cli.out().lines().toList();
    assertThat(table.get(0)).contains("severity");
    assertThat(table.get(1)).containsPattern("1\\.00\\s+2\\s+31 °C");

    assertThat(cli.run("alerts", "--format", "json")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"severity\":2");

    assertThat(cli.run("alerts", "--format", "csv")).as(cli.err()).isZero();
    assertThat(cli.out().lines().findFirst().orElseThrow())
        .isEqualTo("opened_at,resolved_at,sensor_id,kind,peak_score,severity,explanation");
  }
}
