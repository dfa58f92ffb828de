package com.anomalywatcher.cli;

import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end of {@code run}: every injected episode next to the alert that detected it (the
 * evaluation's rule: the first alert on the sensor opening between the start and the end plus two
 * readings), then the alerts that matched nothing.
 */
final class RunSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private RunSummary() {}

  static void print(PrintWriter out, List<EpisodeRow> episodes, List<AlertRow> alerts, Duration interval) {
    List<EpisodeRow> sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(EpisodeRow::start).thenComparing(EpisodeRow::sensorId));
    Set<AlertRow> matched = new HashSet<>();
    int detected = 0;
    out.println();
    out.println("injected                                                      | detected");
    out.println("--------------------------------------------------------------+----------------------------------------");
    for (EpisodeRow e : sorted) {
      AlertRow hit = null;
      for (AlertRow a : alerts) {
        boolean inWindow = a.sensorId().equals(e.sensorId()) && !a.openedAt().isBefore(e.start())
            && a.openedAt().isBefore(e.end().plus(interval.multipliedBy(GroundTruthEvaluation.GRACE_READINGS)));
        if (inWindow) {
          matched.add(a);
          if (hit == null || a.openedAt().isBefore(hit.openedAt())) {
            hit = a;
          }
        }
      }
      String left = String.format(Locale.ROOT, "%s %-17s %-30s", TIME.format(e.start()), e.kind().dbName(), e.sensorId());
      String right;
      if (hit == null) {
        right = "MISSED";
      } else {
        detected++;
        long delay = Math.round((double) Duration.between(e.start(), hit.openedAt()).toMillis() / interval.toMillis());
        right = String.format(Locale.ROOT, "%s +%s  %s", TIME.format(hit.openedAt()), Human.count(delay, "reading"), hit.explanation());
      }
      out.printf(Locale.ROOT, "%-62s| %s%n", left, right);
    }
    List<AlertRow> unmatched = alerts.stream().filter(a -> !matched.contains(a)).toList();
    for (AlertRow a : unmatched) {
      out.printf(Locale.ROOT, "%-62s| %s (no injected anomaly)%n", "", a.explanation());
    }
    out.printf(Locale.ROOT, "%ninjected %d, detected %d, alerts matching no injected anomaly %d%n",
        sorted.size(), detected, unmatched.size());
    out.flush();
  }
}
