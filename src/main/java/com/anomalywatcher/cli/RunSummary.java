package com.anomalywatcher.cli;

import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The end of {@code run}: every injected episode next to the alert that detected it (the
 * evaluation's rule: the first alert on the sensor opening between the start and the end plus two
 * readings), or why it was missed when that is known, then the alerts that matched nothing. Times
 * are each sensor's local time with its zone's name ({@code 22:38:00 CET}), as the alerts'
 * explanations beside them say it ({@code at 22:38 Sat (local)}); UTC for a sensor whose zone is
 * unknown. The summary gave them in UTC without saying so, beside explanations in local time.
 */
final class RunSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss zzz", Locale.ROOT);
  static final ZoneId UTC = ZoneId.of("UTC");

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
   * As {@link #print(PrintWriter, List, List, Duration, Instant, Function, Predicate)}, every sensor's
   * zone unknown (UTC) and every sensor driven by the run.
   */
  static void print(PrintWriter out, List<EpisodeRow> episodes, List<AlertRow> alerts, Duration interval,
      Instant ended) {
    print(out, episodes, alerts, interval, ended, id -> null, id -> true);
  }

  /**
   * Prints the summary of a run that ended at {@code ended}: {@code alerts} are every alert its
   * monitor opened (also on readings from before the run), {@code episodes} the injected ones;
   * {@code zones} gives a sensor's time zone by its id (null when unknown: UTC); {@code driven}
   * tells the sensors the run's generator drives (every sensor with {@code --monitor-only}).
   * An {@code offline} alert of a sensor the run does not drive (another set's, one left out by
   * {@code --sensors}) is listed as such and counted apart: the run stopped feeding it, which is no
   * false alarm, and the summary called it one ("no injected anomaly").
   */
  static void print(PrintWriter out, List<EpisodeRow> episodes, List<AlertRow> alerts, Duration interval,
      Instant ended, Function<String, ZoneId> zones, Predicate<String> driven) {
    Function<String, ZoneId> zoneOf = id -> {
      ZoneId z = zones.apply(id);
      return z == null ? UTC : z;
    };
    List<EpisodeRow> sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(EpisodeRow::start).thenComparing(EpisodeRow::sensorId));
    Set<AlertRow> matched = new HashSet<>();
    int detected = 0;
    out.println();
    out.println("times are each sensor's local time (its site's zone, UTC where unknown)");
    out.println("injected                                                           | detected");
    out.println("-------------------------------------------------------------------+----------------------------------------");
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
      ZoneId zone = zoneOf.apply(e.sensorId());
      String left = String.format(Locale.ROOT, "%-13s %-17s %-30s", time(e.start(), zone), e.kind().dbName(), e.sensorId());
      String right;
      if (hit == null) {
        right = missed(e, alerts, interval, ended, zone);
      } else {
        detected++;
        long delay = Math.round((double) Duration.between(e.start(), hit.openedAt()).toMillis() / interval.toMillis());
        right = String.format(Locale.ROOT, "%s +%s  %s", time(hit.openedAt(), zone), Human.count(delay, "reading"), hit.explanation());
      }
      out.printf(Locale.ROOT, "%-67s| %s%n", left, right);
    }
    List<AlertRow> unmatched = alerts.stream().filter(a -> !matched.contains(a)).toList();
    int notDriven = 0;
    for (AlertRow a : unmatched) {
      boolean leftOut = a.kind() == AnomalyKind.OFFLINE && !driven.test(a.sensorId());
      notDriven += leftOut ? 1 : 0;
      out.printf(Locale.ROOT, "%-67s| %s (%s)%n", "", a.explanation(),
          leftOut ? "a sensor this run does not drive" : "no injected anomaly");
    }
    out.printf(Locale.ROOT, "%ninjected %d, detected %d, alerts opened %d, alerts matching no injected anomaly %d%s%n",
        sorted.size(), detected, alerts.size(), unmatched.size() - notDriven,
        notDriven == 0 ? "" : ", offline sensors this run does not drive " + notDriven);
    out.flush();
  }

  /**
   * {@code MISSED}, and why when it is known: the sensor's alert was already open when the episode
   * began (one alert per sensor at a time: the monitor opens no second), or a slow fault was still
   * in its detection window when the run ended.
   */
  private static String missed(EpisodeRow e, List<AlertRow> alerts, Duration interval, Instant ended, ZoneId zone) {
    for (AlertRow a : alerts) {
      boolean openAtStart = a.sensorId().equals(e.sensorId()) && a.openedAt().isBefore(e.start())
          && (a.resolvedAt() == null || a.resolvedAt().isAfter(e.start()));
      if (openAtStart) {
        return "MISSED: inside the " + a.kind().dbName() + " alert open since " + time(a.openedAt(), zone);
      }
    }
    Instant windowEnd = e.end().plus(interval.multipliedBy(GroundTruthEvaluation.GRACE_READINGS));
    if (SLOW.contains(e.kind()) && !windowEnd.isBefore(ended)) {
      return "MISSED: a slow fault, not found before the run ended";
    }
    return "MISSED";
  }

  /** {@code at} in {@code zone}, with the zone's short name: {@code 22:38:00 CET}, {@code 09:42:00 UTC}. */
  static String time(Instant at, ZoneId zone) {
    return TIME.format(at.atZone(zone));
  }
}
