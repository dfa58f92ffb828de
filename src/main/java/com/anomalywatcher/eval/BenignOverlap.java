package com.anomalywatcher.eval;

import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells a false alert on a benign look-alike from one on nothing: counts, per benign kind, the
 * false alerts that opened on the same sensor between an event's start and its end plus
 * {@link GroundTruthEvaluation#GRACE_READINGS} readings (an alert overlapping events of two kinds
 * counts for both). Stateless.
 */
final class BenignOverlap {
  private BenignOverlap() {}

  static Map<String, BenignMetrics> count(List<AlertRow> falseAlerts, List<BenignEvent> events, Instant since,
      Map<String, Duration> intervals, Duration defaultInterval) {
    Map<String, List<BenignEvent>> bySensor = new HashMap<>();
    Map<String, Integer> eventCounts = new TreeMap<>();
    for (BenignEvent e : events) {
      bySensor.computeIfAbsent(e.sensorId(), k -> new ArrayList<>()).add(e);
      if (!e.start().isBefore(since)) {
        eventCounts.merge(e.kind().dbName(), 1, Integer::sum);
      }
    }
    Map<String, Integer> alertCounts = new TreeMap<>();
    for (AlertRow a : falseAlerts) {
      Duration grace = intervals.getOrDefault(a.sensorId(), defaultInterval).multipliedBy(GroundTruthEvaluation.GRACE_READINGS);
      java.util.Set<String> kinds = new java.util.TreeSet<>();
      for (BenignEvent e : bySensor.getOrDefault(a.sensorId(), List.of())) {
        if (!a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(e.end().plus(grace))) {
          kinds.add(e.kind().dbName());
        }
      }
      kinds.forEach(k -> alertCounts.merge(k, 1, Integer::sum));
    }
    Map<String, BenignMetrics> out = new TreeMap<>();
    eventCounts.forEach((k, n) -> out.put(k, new BenignMetrics(n, alertCounts.getOrDefault(k, 0))));
    alertCounts.forEach((k, n) -> out.putIfAbsent(k, new BenignMetrics(0, n)));
    return out;
  }
}
