package com.anomalywatcher.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes {@link AwMetrics} in Prometheus text format. {@link #inProcess} only collects (for
 * {@code serve}, which serves {@link #scrape()} on its own port); {@link #listen} also answers
 * {@code GET /metrics} on a port of its own ({@code --metrics-port} on monitor, ingest, continuous).
 * {@link #close()} detaches the registry and stops the listener; idempotent.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean closed = new AtomicBoolean();
  private HttpServer server;
  private ExecutorService executor;

  private MetricsEndpoint(AwMetrics.Role role) {
    Metrics.addRegistry(registry);
    AwMetrics.registerBaseline(role);
  }

  /** Collects the metrics of this process, a {@code role}; serve them with {@link #scrape()}. */
  public static MetricsEndpoint inProcess(AwMetrics.Role role) {
    return new MetricsEndpoint(role);
  }

  /**
   * Collects the metrics of this process, a {@code role}, and answers {@code GET /metrics} on
   * {@code bind:port} (port 0: any free port).
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static MetricsEndpoint listen(String bind, int port, AwMetrics.Role role) {
    MetricsEndpoint endpoint = new MetricsEndpoint(role);
    try {
      endpoint.server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    } catch (IOException e) {
      endpoint.close();
      throw new UncheckedIOException("cannot listen for /metrics on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    endpoint.server.createContext("/metrics", exchange -> {
      byte[] body = endpoint.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    endpoint.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "aw-metrics-http");
      t.setDaemon(true);
      return t;
    });
    endpoint.server.setExecutor(endpoint.executor);
    endpoint.server.start();
    return endpoint;
  }

  /** The port {@code GET /metrics} answers on, or -1 when in-process only. */
  public int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  /** Every metric now, in Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
