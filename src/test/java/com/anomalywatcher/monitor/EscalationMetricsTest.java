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

      assertThat(count(scrape, "aw_alerts_opened_total{kind=\"drift\"}")).isEqualTo(1);
      assertThat(count(scrape, "aw_alerts_escalated_total{from=\"drift\",kind=\"spike\"}")).isEqualTo(1);
      assertThat(count(scrape, "aw_alerts_resolved_total{kind=\"spike\"}")).isEqualTo(1);
      // per kind: opened + escalated into it - escalated out of it - resolved = 0, nothing left open
      for (String kind : new String[] {"drift", "spike"}) {
        assertThat(count(scrape, "aw_alerts_opened_total{kind=\"" + kind + "\"}")
            + sum(scrape, "aw_alerts_escalated_total{from=\"", "kind=\"" + kind + "\"}")
            - sum(scrape, "aw_alerts_escalated_total{from=\"" + kind + "\"", "}")
            - count(scrape, "aw_alerts_resolved_total{kind=\"" + kind + "\"}")).as(kind).isZero();
      }
    }
  }

  /** The value of the series {@code series} (name and labels as scraped), 0 when absent (meters of other tests show at 0). */
  private static double count(String scrape, String series) {
    return sum(scrape, series, "");
  }

  /** The sum of the series whose name and labels start with {@code prefix} and end with {@code suffix}. */
  private static double sum(String scrape, String prefix, String suffix) {
    return scrape.lines().filter(l -> !l.startsWith("#")).mapToDouble(l -> {
      int space = l.lastIndexOf(' ');
      String series = l.substring(0, space);
      return series.startsWith(prefix) && series.endsWith(suffix) ? Double.parseDouble(l.substring(space + 1)) : 0;
    }).sum();
  }
}
