package com.anomalywatcher.web;

import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DashboardStore.Alert;
import com.anomalywatcher.store.DashboardStore.AlertQuery;
import com.anomalywatcher.store.DashboardStore.Change;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/alerts} and the two writes on an alert, {@code POST /api/alerts/{id}/acknowledge}
 * and {@code /resolve} (the server checks the token before these run). Thread-safe.
 */
final class AlertApi {
  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

  private final DashboardStore store;
  private final FleetView fleet;
  private final Clock clock;

  AlertApi(DashboardStore store, FleetView fleet, Clock clock) {
    this.store = store;
    this.fleet = fleet;
    this.clock = clock;
  }

  /**
   * Alerts active at some time in {@code [since, until)} (default: all), newest first; filters
   * {@code open}, {@code sensor}, {@code site} (as the fleet page names it, e.g. "set default, restaurant 3"),
   * {@code location} (the location type, e.g. "restaurant"), {@code kind}, {@code limit}.
   */
  void list(Context ctx) {
    Instant since = Params.instant(ctx, "since", Instant.EPOCH);
    Instant until = Params.instant(ctx, "until", END_OF_TIME);
    Params.requireOrder(since, until);
    String site = Params.text(ctx, "site");
    AlertQuery q = new AlertQuery(Params.bool(ctx, "open"), since, until, Params.text(ctx, "sensor"),
        site == null ? null : fleet.sensorsAt(site), Params.text(ctx, "location"), Params.text(ctx, "kind"),
        Params.integer(ctx, "limit", 500, 1, 10_000));
    Instant now = clock.instant();
    List<Map<String, Object>> out = store.alerts(q).stream().map(a -> {
      Map<String, Object> m = json(a);
      m.put("site", fleet.sensor(a.sensorId(), now).map(FleetView.Row::site).orElse(null));
      return m;
    }).toList();
    ctx.json(Map.of("alerts", out));
  }

  void acknowledge(Context ctx) {
    answer(ctx, "acknowledged", store.acknowledge(id(ctx), "dashboard", clock.instant()));
  }

  void resolve(Context ctx) {
    answer(ctx, "resolved", store.resolve(id(ctx), "dashboard", clock.instant()));
  }

  private static void answer(Context ctx, String done, Change change) {
    switch (change) {
      case DONE -> ctx.json(Map.of("result", done));
      case ALREADY -> ctx.json(Map.of("result", "already " + done));
      case NO_SUCH_ALERT -> ctx.status(HttpStatus.NOT_FOUND)
          .json(Map.of("error", "no alert with id " + ctx.pathParam("id")));
    }
  }

  private static long id(Context ctx) {
    String v = ctx.pathParam("id");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadRequest("alert id must be a number, got '" + v + "'");
    }
  }

  /**
   * An alert as JSON; an unknown value (an offline alert has none) and unknown expected bounds are
   * null: JSON has no NaN, and Jackson would write the string "NaN", which the pages cannot format.
   */
  static Map<String, Object> json(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("sensor", a.sensorId());
    m.put("category", a.category());
    m.put("location", a.location());
    m.put("kind", a.kind());
    m.put("openedAt", a.openedAt().toString());
    m.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
    m.put("acknowledgedAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString());
    m.put("open", a.resolvedAt() == null);
    m.put("peakScore", a.peakScore());
    m.put("peakAt", a.peakAt() == null ? null : a.peakAt().toString());
    m.put("value", Double.isFinite(a.value()) ? a.value() : null);
    m.put("expectedLow", Double.isFinite(a.expectedLow()) ? a.expectedLow() : null);
    m.put("expectedHigh", Double.isFinite(a.expectedHigh()) ? a.expectedHigh() : null);
    m.put("unit", a.unit());
    m.put("explanation", a.explanation());
    return m;
  }
}
