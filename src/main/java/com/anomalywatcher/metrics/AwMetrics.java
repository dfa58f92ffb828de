package com.anomalywatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The program's metrics, one place for their names: every feature records here, and whichever
 * {@link MetricsEndpoint} runs in the process ({@code serve}, or {@code --metrics-port} on monitor,
 * ingest and continuous) publishes them in Prometheus format. Recorded into Micrometer's global
 * registry: without an endpoint they cost a no-op call. Thread-safe.
 */
public final class AwMetrics {
  private static final MultiGauge OPEN_ALERTS =
      MultiGauge.builder("aw.alerts.open").description("Open alerts, by kind").register(Metrics.globalRegistry);
  private static final AtomicLong OPEN_TOTAL = new AtomicLong();
  private static final AtomicBoolean OPEN_TOTAL_REGISTERED =
      new AtomicBoolean();

  /**
   * What a process does, so that its endpoint shows from the start, at zero, the meters it records
   * and no others: a monitor's endpoint listed {@code aw_readings_ingested_total{source="api"}}, a
   * counter only the HTTP ingest of {@code serve} ever moves.
   */
  public enum Role {
    /** {@code monitor} (and {@code run}): scores readings, opens and resolves alerts. */
    MONITOR,
    /** {@code continuous}: the live generator storing its readings. */
    GENERATOR,
    /** {@code ingest mqtt}: stores what arrives over MQTT, refuses what cannot be a reading. */
    MQTT_INGEST,
    /** {@code serve}: the dashboard (open alerts from the database) and its HTTP ingest. */
    DASHBOARD
  }

  private AwMetrics() {}

  /** {@code n} readings stored by {@code source} (generator, mqtt, csv, api). */
  public static void readingsIngested(String source, long n) {
    Counter.builder("aw.readings.ingested").description("Readings stored, by source").tag("source", source)
        .register(Metrics.globalRegistry).increment(n);
  }

  /** {@code n} readings scored by the monitor. */
  public static void readingsScored(long n) {
    Counter.builder("aw.readings.scored").description("Readings scored by the monitor")
        .register(Metrics.globalRegistry).increment(n);
  }

  /** Time from a reading's timestamp to its score. */
  public static void scoringLag(Duration lag) {
    scoringLagTimer().record(lag.isNegative() ? Duration.ZERO : lag);
  }

  /** The first {@code count} lags (milliseconds from a reading's timestamp to its score): one meter lookup for all. */
  public static void scoringLags(long[] lagMillis, int count) {
    Timer timer = scoringLagTimer();
    for (int i = 0; i < count; i++) {
      timer.record(Math.max(0, lagMillis[i]), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private static Timer scoringLagTimer() {
    return Timer.builder("aw.scoring.lag").description("Reading time to score time")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(Metrics.globalRegistry);
  }

  /** An alert opened, with its guessed kind. */
  public static void alertOpened(String kind) {
    Counter.builder("aw.alerts.opened").description("Alerts opened, by kind").tag("kind", kind)
        .register(Metrics.globalRegistry).increment();
  }

  /**
   * An open alert escalated to a higher severity, from the kind it had to the one it has now (the
   * same one when the kind stayed). Per kind, opened + escalated into it − escalated out of it −
   * resolved is the change of that kind's open alerts: a resolve is counted under the alert's last kind.
   */
  public static void alertEscalated(String fromKind, String kind) {
    Counter.builder("aw.alerts.escalated").description("Alerts escalated, by the kind they had and the kind they have")
        .tag("from", fromKind).tag("kind", kind).register(Metrics.globalRegistry).increment();
  }

  /** An alert resolved, under the kind it had last. */
  public static void alertResolved(String kind) {
    Counter.builder("aw.alerts.resolved").description("Alerts resolved, by kind").tag("kind", kind)
        .register(Metrics.globalRegistry).increment();
  }

  /** The open alerts now, by kind; kinds not in the map are dropped. */
  public static void openAlerts(Map<String, Long> byKind) {
    List<MultiGauge.Row<?>> rows = byKind.entrySet().stream()
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("kind", e.getKey()), e.getValue()))
        .toList();
    OPEN_ALERTS.register(rows, true);
    registerOpenTotal();
    OPEN_TOTAL.set(byKind.values().stream().mapToLong(Long::longValue).sum());
  }

  /** {@code n} items refused by an ingest path (stored in ingest_rejects). */
  public static void rejects(String source, long n) {
    Counter.builder("aw.readings.rejected").description("Items refused by ingest, by source")
        .tag("source", source).register(Metrics.globalRegistry).increment(n);
  }

  /** A database operation failed. */
  public static void databaseError() {
    Counter.builder("aw.db.errors").description("Failed database operations")
        .register(Metrics.globalRegistry).increment();
  }

  /** A database operation is being retried. */
  public static void databaseRetry() {
    Counter.builder("aw.db.retries").description("Retried database operations")
        .register(Metrics.globalRegistry).increment();
  }

  /** An attempt to deliver an alert event to a sink (the webhook, the alerts file) failed. */
  public static void deliveryFailure(String sink) {
    Counter.builder("aw.alert.delivery.failures").description("Failed alert deliveries, by sink (webhook, file)")
        .tag("sink", sink).register(Metrics.globalRegistry).increment();
  }

  /** Registers the all-kinds gauge once per process (a second registration logs a warning). */
  private static void registerOpenTotal() {
    if (!OPEN_TOTAL_REGISTERED.compareAndSet(false, true)) {
      return;
    }
    Gauge.builder("aw.alerts.open.all", OPEN_TOTAL, AtomicLong::get).description("Open alerts, all kinds")
        .register(Metrics.globalRegistry);
  }

  /**
   * Registers, at zero, the meters a process of this role records, so a dashboard finds them before
   * the first event; meters of other roles stay out of its endpoint.
   */
  static void registerBaseline(Role role) {
    switch (role) {
      case MONITOR -> {
        readingsScored(0);
        scoringLagTimer();
        registerOpenTotal();
      }
      case GENERATOR -> readingsIngested("generator", 0);
      case MQTT_INGEST -> {
        readingsIngested("mqtt", 0);
        rejects("mqtt", 0);
      }
      case DASHBOARD -> {
        readingsIngested("api", 0);
        rejects("api", 0);
        registerOpenTotal();
      }
    }
    Counter.builder("aw.db.errors").description("Failed database operations").register(Metrics.globalRegistry);
    Counter.builder("aw.db.retries").description("Retried database operations").register(Metrics.globalRegistry);
  }
}
