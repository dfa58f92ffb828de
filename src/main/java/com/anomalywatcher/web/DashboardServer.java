package com.anomalywatcher.web;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.StoreException;
import com.anomalywatcher.store.ReadFilter;
import com.anomalywatcher.store.ReadingStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard behind {@code serve}: pages, the JSON API, live updates (a WebSocket) and {@code /metrics},
 * over the same database as every other command. Reads are open; every write needs the token.
 * Owns the HTTP server, the live feed's thread and a heartbeat thread; {@link #close()} stops them
 * (idempotent). Does not own the {@link Database}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  /**
   * The header of every API answer that says how many changes the live feed had told of when it was
   * read ({@link LiveClients#changes()}); a page compares it with its connection's first heartbeat.
   */
  static final String CHANGES_HEADER = "AW-Changes";

  private final ServeSettings settings;
  private final Javalin app;
  private final LiveFeed feed;
  private final LiveClients clients;
  private final MetricsEndpoint metrics = MetricsEndpoint.inProcess(AwMetrics.Role.DASHBOARD);
  private final IngestApi ingest;
  private final ScheduledExecutorService heartbeat;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DashboardServer(Database db, ServeSettings settings, Clock clock, Consumer<String> say) {
    this.settings = settings;
    this.clients = new LiveClients(settings.heartbeatEvery());
    DashboardStore store = new DashboardStore(db);
    FleetView fleet = new FleetView();
    this.feed = new LiveFeed(store, new ReadingStore(db).follow(ReadFilter.all(), 1), fleet, clients,
        settings.pollEvery(), clock, say);
    SensorApi sensors = new SensorApi(store, fleet,
        new ModelBands(settings.modelsDir().map(ModelRepository::at), clock), clock);
    AlertApi alerts = new AlertApi(store, fleet, clock);
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper(), false));
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/web";
        files.location = Location.CLASSPATH;
      });
    });
    app.before(this::secure);
    // Read before the answer is: see LiveClients.changes.
    app.before("/api/*", ctx -> ctx.header(CHANGES_HEADER, Long.toString(clients.changes())));
    app.exception(BadRequest.class, (e, ctx) -> ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
    app.exception(StoreException.class, (e, ctx) -> storeFailed(e, ctx, clock));
    app.get("/api/health", this::health);
    app.get("/", ctx -> page(ctx, "fleet.html"));
    app.get("/sensors/{id}", ctx -> page(ctx, "sensor.html"));
    app.get("/alerts", ctx -> page(ctx, "alerts.html"));
    app.get("/evaluation", ctx -> page(ctx, "evaluation.html"));
    app.get("/api/sensors", sensors::list);
    app.get("/api/sites", sensors::sites);
    app.get("/api/categories", sensors::categories);
    app.get("/api/locations", sensors::locations);
    app.get("/api/sensors/{id}", sensors::one);
    app.get("/api/sensors/{id}/readings", sensors::readings);
    app.get("/api/events", sensors::events);
    app.get("/api/alerts", alerts::list);
    app.post("/api/alerts/{id}/acknowledge", alerts::acknowledge);
    app.post("/api/alerts/{id}/resolve", alerts::resolve);
    this.ingest = new IngestApi(db, clock);
    app.post("/api/readings", ingest::post);
    app.ws("/api/live", ws -> {
      ws.onConnect(clients::connected);
      ws.onClose(clients::disconnected);
      ws.onError(clients::disconnected);
    });
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    EvaluationApi evaluation = new EvaluationApi(db, clock);
    app.get("/api/evaluation", evaluation::report);
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aw-dashboard-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** As {@link #start(Database, ServeSettings, Clock, Consumer)}, telling a database outage to the log. */
  public static DashboardServer start(Database db, ServeSettings settings, Clock clock) {
    return start(db, settings, clock, LOG::warn);
  }

  /**
   * Loads the fleet, starts following the database and listens. During a database outage the pages
   * are still served and show it; the API answers 503 with the outage line; {@code say} hears once
   * when the database becomes unavailable and once when it is back.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static DashboardServer start(Database db, ServeSettings settings, Clock clock, Consumer<String> say) {
    DashboardServer server = new DashboardServer(Objects.requireNonNull(db, "db"), settings, clock,
        Objects.requireNonNull(say, "say"));
    try {
      server.feed.start();
      server.app.start(settings.bind(), settings.port());
      long every = settings.heartbeatEvery().toMillis();
      server.heartbeat.scheduleAtFixedRate(server.clients::heartbeat, every, every, TimeUnit.MILLISECONDS);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** An outage is a 503 with the outage line (the page shows it); any other store failure a 500. */
  private void storeFailed(StoreException e, Context ctx, Clock clock) {
    if (DatabaseRetry.isUnavailable(e)) {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
          .json(Map.of("error", LiveFeed.unavailable(feed.databaseDownSince().orElse(clock.instant()))));
    } else {
      LOG.error("dashboard request {} failed", ctx.path(), e);
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "the database query failed: " + e.getMessage()));
    }
  }

  /** {@code GET /api/health}: whether the live feed reaches the database; 503 while it does not. */
  private void health(Context ctx) {
    feed.databaseDownSince().ifPresentOrElse(
        since -> ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("database", "unavailable", "since",
            since.toString(), "error", LiveFeed.unavailable(since))),
        () -> ctx.json(Map.of("database", "up")));
  }

  /** Security headers on every answer; the token on every write. */
  private void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    HandlerType method = ctx.method();
    if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
      return;
    }
    if (settings.token().isEmpty()) {
      ctx.status(HttpStatus.FORBIDDEN).json(Map.of("error",
          "writes are disabled: start serve with AW_UI_TOKEN set, and send it as 'Authorization: Bearer <token>'"));
      ctx.skipRemainingHandlers();
    } else if (!tokenMatches(ctx, settings.token().get())) {
      ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
          .json(Map.of("error", "this write needs the token: send 'Authorization: Bearer <AW_UI_TOKEN>'"));
      ctx.skipRemainingHandlers();
    }
  }

  static boolean tokenMatches(Context ctx, String token) {
    String header = ctx.header("Authorization");
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    return given != null
        && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private static void page(Context ctx, String name) {
    try (InputStream in = DashboardServer.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("page /web/" + name + " is missing from the jar");
      }
      ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("read page /web/" + name, e);
    }
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.shutdownNow();
    clients.closeAll();
    app.stop();
    if (ingest != null) {
      ingest.close();
    }
    feed.close();
    metrics.close();
  }
}
