package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An escalation that changes an alert's kind is counted ({@code aw_alerts_escalated_total}, from and
 * to), so the counters of each kind add up: before, a drift escalated to a spike and then resolved
 * showed {@code aw_alerts_resolved_total{kind="spike"} 1} against no spike ever opened.
 */
class EscalationMetricsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorInfo OVEN = new SensorInfo("oven-restaurant-3fa2c1", "oven", "restaurant", "°C");

  @Test
  void aKindChangingEscalationIsCountedSoEachKindsCountersAddUp() {
    AlertTracker tracker = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), null, 0);
    List<AlertChange> changes = new ArrayList<>();
    changes.addAll(tracker.observe(T0, 212, new Detection(0.8, AnomalyKind.DRIFT, 180, 205, true)));
    changes.addAll(tracker.observe(T0.plusSeconds(60), 400, new Detection(1, AnomalyKind.SPIKE, 180, 205, true)));
    for (int i = 2; i < 5; i++) {
      changes.addAll(tracker.observe(T0.plusSeconds(60L * i), 190, new Detection(0.1, null, 180, 205, true)));
    }
    assertThat(changes).extracting(AlertChange::type).containsExactly(
        AlertChange.Type.OPENED, AlertChange.Type.ESCALATED, AlertChange.Type.RESOLVED);

    try (MetricsEndpoint metrics = MetricsEndpoint.inProcess(AwMetrics.Role.MONITOR)) {
      changes.forEach(Monitor::countChange);
      String scrape = metrics.scrape();

      assertThat(scrape).contains("aw_alerts_opened_total{kind=\"drift\"} 1.0");
      assertThat(scrape).contains("aw_alerts_escalated_total{from=\"drift\",kind=\"spike\"} 1.0");
      assertThat(scrape).contains("aw_alerts_resolved_total{kind=\"spike\"} 1.0");
      // per kind: opened + escalated into it - escalated out of it - resolved = 0, nothing left open
      assertThat(scrape).doesNotContain("aw_alerts_opened_total{kind=\"spike\"}")
          .doesNotContain("aw_alerts_resolved_total{kind=\"drift\"}");
    }
  }
}
