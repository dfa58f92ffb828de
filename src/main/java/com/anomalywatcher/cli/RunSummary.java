package com.anomalywatcher.cli;

import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end of {@code run}: every injected episode next to the alert that detected it (the
 * evaluation's rule: the first alert on the sensor opening between the start and the end plus two
 * readings), or why it was missed when that is known, then the alerts that matched nothing.
 */
final class RunSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * Faults that grow over hours or days (docs/WORLD.md): one still going when the run ended was
   * most likely not missed but not found yet.
   */
  private static final Set<AnomalyKind> SLOW =
      EnumSet.of(AnomalyKind.DRIFT, AnomalyKind.SENSOR_DRIFT, AnomalyKind.ELEMENT_AGEING, AnomalyKind.BEARING_WEAR);

  private RunSummary() {}

  /** Whether {@code a} detects {@code e} by the evaluation's rule, for readings every {@code interval}. */
  static boolean detects(AlertRow a, EpisodeRow e, Duration interval) {
    return a.sensorId().equals(e.sensorId()) && !a.openedAt().isBefore(e.start())
        && a.openedAt().isBefore(e.end().plus(interval.multipliedBy(GroundTruthEvaluation.GRACE_READINGS)));
  }

  /**
   * Prints the summary of a run that ended at {@code ended}: {@code alerts} are every alert its
   * monitor opened (also on readings from before the run), {@code episodes} the injected ones.
   */
  static void print(PrintWriter out, List<EpisodeRow> episodes, List<AlertRow> alerts, Duration interval,
      Instant ended) {
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
        if (detects(a, e, interval)) {
          matched.add(a);
          if (hit == null || a.openedAt().isBefore(hit.openedAt())) {
            hit = a;
          }
        }
      }
      String left = String.format(Locale.ROOT, "%s %-17s %-30s", TIME.format(e.start()), e.kind().dbName(), e.sensorId());
      String right;
      if (hit == null) {
        right = missed(e, alerts, interval, ended);
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
    out.printf(Locale.ROOT, "%ninjected %d, detected %d, alerts opened %d, alerts matching no injected anomaly %d%n",
        sorted.size(), detected, alerts.size(), unmatched.size());
    out.flush();
  }

  /**
   * {@code MISSED}, and why when it is known: the sensor's alert was already open when the episode
   * began (one alert per sensor at a time: the monitor opens no second), or a slow fault was still
   * in its detection window when the run ended.
   */
  private static String missed(EpisodeRow e, List<AlertRow> alerts, Duration interval, Instant ended) {
    for (AlertRow a : alerts) {
      boolean openAtStart = a.sensorId().equals(e.sensorId()) && a.openedAt().isBefore(e.start())
          && (a.resolvedAt() == null || a.resolvedAt().isAfter(e.start()));
      if (openAtStart) {
        return "MISSED: inside the " + a.kind().dbName() + " alert open since " + TIME.format(a.openedAt());
      }
    }
    Instant windowEnd = e.end().plus(interval.multipliedBy(GroundTruthEvaluation.GRACE_READINGS));
    if (SLOW.contains(e.kind()) && !windowEnd.isBefore(ended)) {
      return "MISSED: a slow fault, not found before the run ended";
    }
    return "MISSED";
  }
}
