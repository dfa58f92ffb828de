package com.anomalywatcher.eval;

import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.ReadingStore.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores alerts against ground-truth episodes, event by event (rules in docs/ACCURACY.md):
 *
 * <ul>
 *   <li>an episode is detected when an alert on the same sensor opens at or after its start and
 *       before its end plus a grace of {@value #GRACE_READINGS} readings (end is exclusive, so the
 *       grace covers the two readings at {@code end} and {@code end + interval});
 *   <li>its delay is the number of readings from the episode start to the first such alert
 *       ({@code round((opened - start) / interval)}; 0 = flagged on the first anomalous reading),
 *       and also the time {@code opened - start} in hours, the measure for slow faults;
 *   <li>an alert inside the window of some episode is a true alert (counted for the earliest such
 *       episode's kind), any other alert is a false alert (counted for the kind the alert guessed);
 *   <li>the interval of a sensor is the mean spacing of its readings in the evaluated range;
 *   <li>a detected episode is named right when the alert that detected it (the first) names the
 *       episode's kind; which kinds the alerts named, per labelled kind, is the report's naming.
 * </ul>
 */
public final class GroundTruthEvaluation {
  /** Readings after an episode's end during which an alert still counts as detecting it. */
  public static final int GRACE_READINGS = 2;

  private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  private static final double MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

  private GroundTruthEvaluation() {}

  /**
   * Evaluates the alerts opened in {@code [from, to)} against the stored episodes, as {@code evaluate}
   * does: episodes starting up to a day before {@code from} count, since one still running into the
   * range can be what an alert in it detects; false alerts on benign events are counted by kind.
   */
  public static EvaluationReport evaluate(Database db, Instant from, Instant to) {
    Instant episodesFrom = from.equals(Instant.EPOCH) ? from : from.minus(Duration.ofDays(1));
    return evaluate(new GroundTruthStore(db).episodesStartingIn(episodesFrom, to),
        new AlertStore(db).alertsOpenedIn(from, to), new ReadingStore(db).coverage(from, to), from,
        new BenignEventStore(db).overlapping(from, to));
  }

  /**
   * Evaluates.
   *
   * @param episodes episodes to score (those starting in the range) plus, optionally, earlier ones
   *     that alerts in the range may still match; only those starting at or after {@code since}
   *     count for recall
   * @param alerts alerts opened in the range (plus the grace after it)
   * @param coverage readings per sensor in the range: intervals and sensor-days
   */
  public static EvaluationReport evaluate(
      List<EpisodeRow> episodes, List<AlertRow> alerts, List<Coverage> coverage, Instant since) {
    return evaluate(episodes, alerts, coverage, since, List.of());
  }

  /**
   * Evaluates, and counts per benign kind the false alerts that overlapped a benign event (see
   * {@link BenignOverlap}).
   *
   * @param benign benign events overlapping the range (those starting at or after {@code since}
   *     are counted as the range's events)
   */
  public static EvaluationReport evaluate(
      List<EpisodeRow> episodes, List<AlertRow> alerts, List<Coverage> coverage, Instant since, List<BenignEvent> benign) {
    Map<String, Duration> intervals = intervals(coverage);
    double sensorDays = sensorDays(coverage, intervals);
    Map<String, List<AlertRow>> alertsBySensor = bySensorInOpeningOrder(alerts);
    Map<String, Tally> byKind = new TreeMap<>();
    Tally all = new Tally();
    Map<String, Map<String, Integer>> naming = new TreeMap<>();
    Map<AlertRow, String> alertKind = new HashMap<>();
    List<EpisodeRow> sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(EpisodeRow::start).thenComparing(EpisodeRow::sensorId));
    for (EpisodeRow e : sorted) {
      Duration interval = intervals.getOrDefault(e.sensorId(), DEFAULT_INTERVAL);
      Instant windowEnd = e.end().plus(interval.multipliedBy(GRACE_READINGS));
      AlertRow first = match(e, windowEnd, alertsBySensor.getOrDefault(e.sensorId(), List.of()), alertKind);
      // A crashed generator's span without data ('stopped') matches the offline alerts it raises,
      // but is missing data, not a fault to find: it is not counted among the episodes.
      if (e.start().isBefore(since) || AnomalySource.STOPPED.dbName().equals(e.source())) {
        continue;
      }
      Tally t = byKind.computeIfAbsent(e.kind().dbName(), k -> new Tally());
      t.episodes++;
      all.episodes++;
      if (first != null) {
        long delay = Math.round(
            (double) Duration.between(e.start(), first.openedAt()).toMillis() / interval.toMillis());
        long delayMillis = Duration.between(e.start(), first.openedAt()).toMillis();
        t.add(delay, delayMillis);
        all.add(delay, delayMillis);
        naming.computeIfAbsent(e.kind().dbName(), k -> new TreeMap<>()).merge(first.kind().dbName(), 1, Integer::sum);
      }
    }
    List<AlertRow> falseAlerts = countAlerts(alerts, alertKind, byKind, all);
    Map<String, KindMetrics> kinds = new TreeMap<>();
    byKind.forEach((k, t) -> kinds.put(k, t.metrics(sensorDays, namedRight(naming, k))));
    int namedRight = naming.keySet().stream().mapToInt(k -> namedRight(naming, k)).sum();
    return new EvaluationReport(all.metrics(sensorDays, namedRight), kinds, coverage.size(), sensorDays,
        BenignOverlap.count(falseAlerts, benign, since, intervals, DEFAULT_INTERVAL), naming);
  }

  private static Map<String, List<AlertRow>> bySensorInOpeningOrder(List<AlertRow> alerts) {
    Map<String, List<AlertRow>> bySensor = new HashMap<>();
    for (AlertRow a : alerts) {
      bySensor.computeIfAbsent(a.sensorId(), k -> new ArrayList<>()).add(a);
    }
    bySensor.values().forEach(l -> l.sort(Comparator.comparing(AlertRow::openedAt)));
    return bySensor;
  }

  /**
   * Matches the sensor's alerts opened in the episode's window ({@code [start, windowEnd)}) to the
   * episode's kind, unless an earlier episode matched them first, and returns the first of them (the
   * one that detects the episode), or null.
   */
  private static AlertRow match(EpisodeRow e, Instant windowEnd, List<AlertRow> sensorAlerts, Map<AlertRow, String> alertKind) {
    AlertRow first = null;
    for (AlertRow a : sensorAlerts) {
      if (!a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(windowEnd)) {
        alertKind.putIfAbsent(a, e.kind().dbName());
        if (first == null) {
          first = a;
        }
      }
    }
    return first;
  }

  /**
   * Counts every alert as true (for the kind of the episode it matched) or false (for the kind it
   * named), and returns the false ones.
   */
  private static List<AlertRow> countAlerts(
      List<AlertRow> alerts, Map<AlertRow, String> alertKind, Map<String, Tally> byKind, Tally all) {
    List<AlertRow> falseAlerts = new ArrayList<>();
    for (AlertRow a : alerts) {
      String matched = alertKind.get(a);
      Tally t = byKind.computeIfAbsent(matched != null ? matched : a.kind().dbName(), k -> new Tally());
      if (matched != null) {
        t.trueAlerts++;
        all.trueAlerts++;
      } else {
        t.falseAlerts++;
        all.falseAlerts++;
        falseAlerts.add(a);
      }
    }
    return falseAlerts;
  }

  /**
   * The detected episodes of {@code kind} whose detecting alert named that kind: the diagonal of the
   * naming confusion (labelled kind to the kinds the alerts named).
   */
  private static int namedRight(Map<String, Map<String, Integer>> naming, String kind) {
    return naming.getOrDefault(kind, Map.of()).getOrDefault(kind, 0);
  }

  private static Map<String, Duration> intervals(List<Coverage> coverage) {
    Map<String, Duration> out = new HashMap<>();
    for (Coverage c : coverage) {
      if (c.readings() >= 2) {
        out.put(c.sensorId(), Duration.between(c.first(), c.last()).dividedBy(c.readings() - 1));
      }
    }
    return out;
  }

  private static double sensorDays(List<Coverage> coverage, Map<String, Duration> intervals) {
    double days = 0;
    for (Coverage c : coverage) {
      Duration interval = intervals.getOrDefault(c.sensorId(), DEFAULT_INTERVAL);
      days += (double) interval.multipliedBy(c.readings()).toMillis() / Duration.ofDays(1).toMillis();
    }
    return days;
  }

  /** Counts for one kind while matching. */
  private static final class Tally {
    int episodes;
    int trueAlerts;
    int falseAlerts;
    final List<Long> delays = new ArrayList<>();
    final List<Long> delayMillis = new ArrayList<>();

    void add(long delayReadings, long millis) {
      delays.add(delayReadings);
      delayMillis.add(millis);
    }

    /** The figures, with {@code namedRight} of the detected episodes named right (from the naming). */
    KindMetrics metrics(double sensorDays, int namedRight) {
      int detected = delays.size();
      double recall = episodes == 0 ? 1 : (double) detected / episodes;
      int alerts = trueAlerts + falseAlerts;
      double precision = alerts == 0 ? 1 : (double) trueAlerts / alerts;
      double f1 = recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
      List<Long> d = new ArrayList<>(delays);
      d.sort(null);
      List<Long> ms = new ArrayList<>(delayMillis);
      ms.sort(null);
      return new KindMetrics(episodes, detected, trueAlerts, falseAlerts, recall, precision, f1,
          median(d), nearestRank(d, 0.95), median(ms) / MILLIS_PER_HOUR, nearestRank(ms, 0.95) / MILLIS_PER_HOUR,
          sensorDays > 0 ? falseAlerts / sensorDays : 0, namedRight);
    }
  }

  static double median(List<Long> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  static double nearestRank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

}
