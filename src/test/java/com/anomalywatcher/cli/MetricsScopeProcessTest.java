package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor --metrics-port} shows the monitor's meters and no ingest counter: its endpoint
 * listed {@code aw_readings_ingested_total{source="api"}}, which only {@code serve}'s HTTP ingest
 * moves. A process of its own, as an operator runs it (the metrics registry is per process).
 */
class MetricsScopeProcessTest {
  private static final Duration LONG = Duration.ofSeconds(120);

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("metrics-scope");
  @TempDir Path dir;

  @Test
  void monitorEndpointShowsWhatTheMonitorRecordsAndNoIngestCounter() throws Exception {
    int port = freePort();
    try (AwProcess monitor = AwProcess.start(dir, "monitor", Map.of(), "monitor", "--interval", "1h",
        "--metrics-port", Integer.toString(port), "--models-dir", dir.resolve("models").toString(),
        "--db-url", db.jdbcUrl())) {
      monitor.awaitOutput("monitoring every", LONG);

      String scrape = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();

      assertThat(scrape).contains("aw_readings_scored_total", "aw_scoring_lag_seconds_count", "aw_alerts_open_all", "aw_db_errors_total")
          .doesNotContain("aw_readings_ingested").doesNotContain("aw_readings_rejected");
      monitor.signal("TERM");
      // 0 when the signal comes between cycles, 143 when it cuts the first cycle, which may still be
      // running after "monitoring every" is printed (MonitorCommand's documented exit codes)
      assertThat(monitor.awaitExit(LONG)).as(monitor.output()).isIn(0, 143);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
