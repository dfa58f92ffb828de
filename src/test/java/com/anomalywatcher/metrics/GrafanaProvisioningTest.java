package com.anomalywatcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana of docker-compose.yml cannot run here (no Docker), so its files are checked instead:
 * the dashboard is valid JSON on the provisioned data source, shows readings, alerts as annotations
 * and the monitor's lag, and every query runs on this program's schema.
 */
class GrafanaProvisioningTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("grafana");
  static final Path DASHBOARD = Path.of("grafana/dashboards/anomaly-watcher.json");

  @Test
  void dashboardUsesTheProvisionedDataSourceAndShowsReadingsAlertsAndLag() throws IOException {
    JsonNode dash = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    String datasource = Files.readString(Path.of("grafana/provisioning/datasources/timescaledb.yml"));

    assertThat(datasource).contains("uid: aw-timescaledb", "url: timescaledb:5432");
    assertThat(dash.findValuesAsText("uid")).contains("aw-sensors").filteredOn(u -> !u.equals("aw-sensors"))
        .containsOnly("aw-timescaledb");
    assertThat(queries(dash)).anyMatch(q -> q.contains("time_bucket") && q.contains("sensors_data"))
        .anyMatch(q -> q.contains("monitor_checkpoints"));
    assertThat(dash.get("annotations").get("list").get(0).get("target").get("rawSql").asText()).contains("FROM alerts");
  }

  @Test
  void everyDashboardQueryRunsOnTheSchema() throws IOException {
    JsonNode dash = new ObjectMapper().readTree(Files.readString(DASHBOARD));

    for (String sql : queries(dash)) {
      String runnable = sql.replaceAll("\\$__timeFilter\\(([^)]+)\\)", "$1 > now() - interval '1 day'")
          .replace("$__interval", "interval '1 minute'").replace("$sensor", "'oven-x'");
      db.execute(runnable);
    }
  }

  @Test
  void composeMountsTheProvisioningFiles() throws IOException {
    String compose = Files.readString(Path.of("docker-compose.yml"));

    assertThat(compose).contains("grafana:", "./grafana/provisioning:/etc/grafana/provisioning",
        "./grafana/dashboards:/var/lib/grafana/dashboards");
    assertThat(Path.of("grafana/provisioning/dashboards/anomaly-watcher.yml")).content()
        .contains("path: /var/lib/grafana/dashboards");
  }

  private static List<String> queries(JsonNode dash) {
    List<String> out = new ArrayList<>();
    dash.findValues("rawSql").forEach(n -> out.add(n.asText()));
    dash.get("templating").get("list").forEach(v -> out.add(v.get("query").asText()));
    return out;
  }
}
