package com.anomalywatcher.web;

import com.anomalywatcher.detect.SensorModel.ExpectedRange;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DashboardStore.Bucket;
import com.anomalywatcher.store.DashboardStore.Event;
import com.anomalywatcher.store.DashboardStore.SensorLatest;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/sensors}, {@code /api/sensors/{id}}, {@code /api/sensors/{id}/readings} and
 * {@code /api/events}: the fleet from memory, readings downsampled in the database. Thread-safe.
 */
final class SensorApi {
  /** Sparklines: the last 24 h in 48 half-hour buckets. */
  private static final Duration SPARK_RANGE = Duration.ofHours(24);
  private static final Duration SPARK_BUCKET = Duration.ofMinutes(30);
  static final int DEFAULT_POINTS = 1_000;
  static final int MAX_POINTS = 20_000;

  private final DashboardStore store;
  private final FleetView fleet;
  private final ModelBands bands;
  private final Clock clock;

  SensorApi(DashboardStore store, FleetView fleet, ModelBands bands, Clock clock) {
    this.store = store;
    this.fleet = fleet;
    this.bands = bands;
    this.clock = clock;
  }

  /** The fleet, filtered and paged on the server; {@code spark=true} adds 24 h sparklines. */
  void list(Context ctx) {
    FleetView.Filter filter = new FleetView.Filter(Params.text(ctx, "q"), Params.text(ctx, "category"),
        Params.text(ctx, "site"), Params.oneOf(ctx, "status", FleetView.STATUSES));
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 500, 1, 5_000);
    Instant now = clock.instant();
    FleetView.Page page = fleet.page(filter, offset, limit, now);
    Map<String, List<Bucket>> sparks = Boolean.TRUE.equals(Params.bool(ctx, "spark"))
        ? store.buckets(page.rows().stream().map(r -> r.sensor().sensorId()).toList(),
            now.minus(SPARK_RANGE), now, SPARK_BUCKET)
        : Map.of();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FleetView.Row r : page.rows()) {
      Map<String, Object> m = row(r);
      List<Bucket> spark = sparks.get(r.sensor().sensorId());
      if (spark != null) {
        m.put("spark", series(spark));
      }
      rows.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("offset", page.offset());
    body.put("fleetSize", fleet.size());
    body.put("sensors", rows);
    ctx.json(body);
  }

  void sites(Context ctx) {
    ctx.json(Map.of("sites", fleet.sites()));
  }

  /** The categories of the fleet's sensors, sorted: the simulated ones and any other program's (fridge, boiler). */
  void categories(Context ctx) {
    ctx.json(Map.of("categories", fleet.categories()));
  }

  /** The locations of the fleet's sensors, sorted (the alerts page filters by them). */
  void locations(Context ctx) {
    ctx.json(Map.of("locations", fleet.locations()));
  }

  /**
   * One sensor: its attributes, newest reading, status and open alert; 404 with {@code {"error": …}}
   * naming it when it has no readings (as JSON like every other error of the API, so the sensor page
   * shows the reason).
   */
  void one(Context ctx) {
    String id = ctx.pathParam("id");
    fleet.sensor(id, clock.instant()).ifPresentOrElse(r -> ctx.json(row(r)),
        () -> ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no sensor '" + id + "' has readings")));
  }

  /**
   * Readings in {@code [from, to)} (default: the last 24 h), in at most {@code points} buckets
   * (default 1000) with min, max and mean each: a one-reading spike keeps its height at any range;
   * with the model's expected band at each bucket ({@code expectedLow}/{@code expectedHigh}, null
   * where the model knows none) when the sensor has a saved model.
   */
  void readings(Context ctx) {
    String id = ctx.pathParam("id");
    Instant now = clock.instant();
    Instant to = Params.instant(ctx, "to", now);
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofHours(24)));
    Params.requireOrder(from, to);
    int points = Params.integer(ctx, "points", DEFAULT_POINTS, 1, MAX_POINTS);
    Duration width = bucketWidth(from, to, points);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sensor", id);
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("bucketSeconds", width.toMillis() / 1000.0);
    List<Bucket> buckets = store.buckets(id, from, to, width);
    body.putAll(series(buckets));
    band(body, id, buckets);
    ctx.json(body);
  }

  private void band(Map<String, Object> body, String id, List<Bucket> buckets) {
    List<Instant> times = buckets.stream().map(Bucket::first).toList();
    List<ExpectedRange> band = bands.band(id, times);
    if (band.isEmpty()) {
      return;
    }
    Map<Instant, ExpectedRange> at = new HashMap<>();
    band.forEach(r -> at.put(r.at(), r));
    Double[] low = new Double[times.size()];
    Double[] high = new Double[times.size()];
    for (int i = 0; i < times.size(); i++) {
      ExpectedRange r = at.get(times.get(i));
      low[i] = r == null ? null : r.low();
      high[i] = r == null ? null : r.high();
    }
    body.put("expectedLow", low);
    body.put("expectedHigh", high);
  }

  /** Labelled episodes overlapping {@code [from, to)}, of one sensor or all. */
  void events(Context ctx) {
    Instant now = clock.instant();
    Instant to = Params.instant(ctx, "to", now);
    Instant from = Params.instant(ctx, "from", to.minus(Duration.ofDays(7)));
    Params.requireOrder(from, to);
    int limit = Params.integer(ctx, "limit", 10_000, 1, 100_000);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Event e : store.episodes(Params.text(ctx, "sensor"), from, to, limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sensor", e.sensorId());
      m.put("group", e.group());
      m.put("kind", e.kind());
      m.put("start", e.start().toString());
      m.put("end", e.end().toString());
      m.put("source", e.source());
      out.add(m);
    }
    ctx.json(Map.of("events", out));
  }

  /** The widest bucket that still gives {@code points} buckets over the range, at least 1 s. */
  static Duration bucketWidth(Instant from, Instant to, int points) {
    long rangeMillis = Duration.between(from, to).toMillis();
    long seconds = Math.max(1, (rangeMillis / points + 999) / 1000);
    return Duration.ofSeconds(seconds);
  }

  static Map<String, Object> series(List<Bucket> buckets) {
    int n = buckets.size();
    long[] t = new long[n];
    double[] min = new double[n];
    double[] max = new double[n];
    double[] mean = new double[n];
    long[] count = new long[n];
    for (int i = 0; i < n; i++) {
      Bucket b = buckets.get(i);
      t[i] = b.first().toEpochMilli();
      min[i] = b.min();
      max[i] = b.max();
      mean[i] = b.mean();
      count[i] = b.count();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", t);
    m.put("min", min);
    m.put("max", max);
    m.put("mean", mean);
    m.put("count", count);
    return m;
  }

  static Map<String, Object> row(FleetView.Row r) {
    SensorLatest s = r.sensor();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.sensorId());
    m.put("category", s.category());
    m.put("type", s.type());
    m.put("unit", s.unit());
    m.put("location", s.location());
    m.put("set", s.sensorSet());
    m.put("site", r.site());
    m.put("status", r.status());
    m.put("lastAt", s.lastAt().toString());
    m.put("lastValue", s.lastValue());
    m.put("openAlert", r.openAlert() == null ? null : AlertApi.json(r.openAlert()));
    return m;
  }
}
