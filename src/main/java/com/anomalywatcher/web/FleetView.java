package com.anomalywatcher.web;

import com.anomalywatcher.store.DashboardStore.Alert;
import com.anomalywatcher.store.DashboardStore.SensorLatest;
import com.anomalywatcher.store.SensorSite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fleet as the dashboard shows it, held in memory: every sensor's newest reading and its open
 * alert. Loaded once from the database, then kept current by {@link LiveFeed}, so the fleet page
 * filters and pages 10,000 sensors without a query. Thread-safe.
 */
final class FleetView {
  /** A sensor silent for longer than this is shown as "silent". */
  static final Duration SILENT_AFTER = Duration.ofMinutes(15);

  /** One row of the fleet page. */
  record Row(SensorLatest sensor, String site, String status, Alert openAlert) {}

  /** Every status a row can have (the fleet page's filter offers these). */
  static final List<String> STATUSES = List.of("ok", "alert", "silent");

  /** A page of rows and how many matched in all. */
  record Page(int total, int offset, List<Row> rows) {}

  /** Which sensors: substring of the id, exact category, site or status; each null means any. */
  record Filter(String text, String category, String site, String status) {}

  private static final Comparator<Row> BY_SITE_THEN_ID =
      Comparator.comparing(Row::site).thenComparing(r -> r.sensor().sensorId());

  private final ConcurrentSkipListMap<String, SensorLatest> sensors = new ConcurrentSkipListMap<>();
  private volatile Map<String, Alert> openAlerts = Map.of();

  /** Replaces every sensor (the initial load). */
  void load(Collection<SensorLatest> all) {
    sensors.clear();
    all.forEach(s -> sensors.put(s.sensorId(), s));
  }

  /**
   * A newer reading of a sensor; older ones (late data) do not move the last value back. A reading
   * without a set keeps the set the sensor has.
   */
  void update(SensorLatest reading) {
    sensors.merge(reading.sensorId(), reading,
        (old, now) -> now.lastAt().isBefore(old.lastAt()) ? old.orInSet(now.sensorSet()) : now.orInSet(old.sensorSet()));
  }

  /** Whether the sensor is in the fleet. */
  boolean contains(String sensorId) {
    return sensors.containsKey(sensorId);
  }

  /** Replaces the set of open alerts (one per sensor). */
  void openAlerts(List<Alert> open) {
    Map<String, Alert> bySensor = new ConcurrentHashMap<>();
    open.forEach(a -> bySensor.putIfAbsent(a.sensorId(), a));
    openAlerts = bySensor;
  }

  Optional<Row> sensor(String id, Instant now) {
    SensorLatest s = sensors.get(id);
    return s == null ? Optional.empty() : Optional.of(row(s, siteLabel(s.place()), now));
  }

  int size() {
    return sensors.size();
  }

  /** The rows passing the filter, ordered by site then id, from {@code offset}, at most {@code limit}. */
  Page page(Filter f, int offset, int limit, Instant now) {
    List<Row> matching = new ArrayList<>();
    String text = f.text() == null ? null : f.text().toLowerCase(Locale.ROOT);
    Map<String, String> labels = siteLabels();
    for (SensorLatest s : sensors.values()) {
      if (text != null && !s.sensorId().toLowerCase(Locale.ROOT).contains(text)) {
        continue;
      }
      if (f.category() != null && !f.category().equals(s.category())) {
        continue;
      }
      Row r = row(s, labels.get(s.place().key()), now);
      if ((f.site() == null || f.site().equals(r.site())) && (f.status() == null || f.status().equals(r.status()))) {
        matching.add(r);
      }
    }
    matching.sort(BY_SITE_THEN_ID);
    int from = Math.min(offset, matching.size());
    int to = (int) Math.min((long) from + limit, matching.size());
    return new Page(matching.size(), offset, List.copyOf(matching.subList(from, to)));
  }

  /** Every site label, sorted. */
  List<String> sites() {
    return List.copyOf(new TreeSet<>(siteLabels().values()));
  }

  /** Every category a sensor of the fleet has, sorted. */
  List<String> categories() {
    return distinct(SensorLatest::category);
  }

  /** Every location a sensor of the fleet has, sorted. */
  List<String> locations() {
    return distinct(SensorLatest::location);
  }

  private List<String> distinct(Function<SensorLatest, String> field) {
    return sensors.values().stream().map(field).filter(Objects::nonNull).distinct().sorted().toList();
  }

  /** The ids of the sensors at a site (as {@link #siteLabels} names it); empty when none is. */
  Set<String> sensorsAt(String site) {
    Map<String, String> labels = siteLabels();
    return sensors.values().stream().filter(s -> site.equals(labels.get(s.place().key())))
        .map(SensorLatest::sensorId).collect(Collectors.toUnmodifiableSet());
  }

  private Row row(SensorLatest s, String site, Instant now) {
    Alert alert = openAlerts.get(s.sensorId());
    String status = alert != null ? "alert"
        : Duration.between(s.lastAt(), now).compareTo(SILENT_AFTER) > 0 ? "silent" : "ok";
    return new Row(s, site, status, alert);
  }

  /**
   * Each site's label by its {@link SensorSite#key}, the key the monitor pairs sensors by: the
   * {@link SensorSite#label} of the site's first sensor by id ("set demo, restaurant 3", without a set
   * "restaurant 3", "restaurant, sensor ID" for a sensor whose metadata names no site). Grouped by key,
   * not by label: a foreign site's sensors may report different locations ("kitchen", "dining room")
   * and are still one site, one heading. The set is part of the key because every set numbers its
   * sites from 0: two sets' "restaurant 0" are two sites.
   */
  private Map<String, String> siteLabels() {
    Map<String, String> labels = new HashMap<>();
    for (SensorLatest s : sensors.values()) {
      SensorSite place = s.place();
      labels.putIfAbsent(place.key(), place.label());
    }
    return labels;
  }

  /** The label of one site, as {@link #siteLabels} gives it. */
  private String siteLabel(SensorSite place) {
    String key = place.key();
    for (SensorLatest s : sensors.values()) {
      if (s.place().key().equals(key)) {
        return s.place().label();
      }
    }
    return place.label();
  }
}
