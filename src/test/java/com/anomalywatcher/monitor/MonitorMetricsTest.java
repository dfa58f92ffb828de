package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor publishes the open alerts by kind ({@code aw_alerts_open}) from the database, as
 * {@code serve} does from the database: {@code monitor --metrics-port} shows what is open; an
 * {@code offline} alert, opened from a silence rather than a reading, counts in {@code aw_alerts_opened}.
 */
class MonitorMetricsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-metrics");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(4));

  @Test
  void publishesOpenAlertsByKindAsTheyStandAfterACycle() {
    GeneratedHistory history = new GeneratedHistory(77, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    String silent = history.fleet().get(0).sensorId();
    // Silent to the end while the others report: an offline alert that is still open.
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + silent + "' AND timestamp >= '"
        + CUT.plus(Duration.ofMinutes(90)) + "'");
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));

    try (MetricsEndpoint metrics = MetricsEndpoint.inProcess(AwMetrics.Role.MONITOR)) {
      new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.none(),
          Clock.fixed(END.plus(Duration.ofHours(2)), ZoneOffset.UTC)).runOnce();
      String scrape = metrics.scrape();

      Map<String, Long> open = new DashboardStore(db.database()).openAlertsByKind();
      assertThat(open).containsEntry("offline", 1L);
      open.forEach((kind, n) -> assertThat(scrape).contains("aw_alerts_open{kind=\"" + kind + "\"} " + n + ".0"));
      // opened by the monitor from the silence, not by a reading: counted like every other alert
      assertThat(scrape).contains("aw_alerts_opened_total{kind=\"offline\"} 1.0");
      assertThat(scrape).contains("aw_alerts_open_all " + open.values().stream().mapToLong(Long::longValue).sum() + ".0");
    }
  }
}
