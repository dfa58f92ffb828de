package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aw_alerts_open_all} shows the alerts open in the database, as {@code alerts --open} lists
 * them, from the start of a monitor's first cycle: it reported 0 while six alerts were open (it counted
 * only the trackers of the sensors the process watched, and only once a whole cycle had ended).
 */
class MonitorOpenAlertsGaugeTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-open-gauge");
  @TempDir static Path models;

  static final Instant START = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = START.plus(Duration.ofHours(3));

  @Test
  void reportsTheOpenAlertsOfTheDatabaseFromTheStartOfTheFirstCycle() {
    new GeneratedHistory(78, 6).write(db.database(), START, END, 0);
    // An alert this monitor never tracks: a sensor of a kind it cannot watch, open in the database.
    db.execute("""
        INSERT INTO alerts (sensor_id, category, location, opened_at, last_anomalous_at, peak_score, peak_at,
                            kind, value, unit, explanation)
        VALUES ('boiler-7', 'boiler', 'cellar', '2026-03-04T01:00:00Z', '2026-03-04T01:00:00Z', 0.9,
                '2026-03-04T01:00:00Z', 'spike', 99, 'C', 'test')""");
    AwMetrics.openAlerts(Map.of()); // as a fresh process starts
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));

    try (MetricsEndpoint metrics = MetricsEndpoint.inProcess(AwMetrics.Role.MONITOR)) {
      List<String> atFirstRead = new ArrayList<>();
      new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.none(),
          Clock.fixed(END, ZoneOffset.UTC)).runOnce(TimeProgress.NONE, () -> {
            if (atFirstRead.isEmpty()) {
              atFirstRead.add(metrics.scrape());
            }
            return false;
          });

      assertThat(atFirstRead).hasSize(1);
      assertThat(atFirstRead.get(0)).contains("aw_alerts_open_all 1.0", "aw_alerts_open{kind=\"spike\"} 1.0");
      long open = db.queryLong("SELECT count(*) FROM alerts WHERE resolved_at IS NULL");
      assertThat(open).isPositive();
      assertThat(metrics.scrape()).contains("aw_alerts_open_all " + open + ".0");
    }
  }
}
