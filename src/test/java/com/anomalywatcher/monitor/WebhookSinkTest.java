package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
  private static final AlertRow ALERT = new AlertRow("oven-restaurant-3fa2c1", "oven", "restaurant",
      Instant.parse("2026-03-01T14:02:00Z"), null, Instant.parse("2026-03-01T14:02:00Z"), 0.97,
      Instant.parse("2026-03-01T14:02:00Z"), AnomalyKind.SPIKE, 312, 180, 205, "°C",
      "oven-restaurant-3fa2c1: 312 °C at 14:02, expected 180–205 °C — spike");

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void retriesFailedPostsWithBackoffUntilAccepted() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> bodies = new CopyOnWriteArrayList<>();
    CountDownLatch accepted = new CountDownLatch(1);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      int status = calls.incrementAndGet() <= 2 ? 503 : 204;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      if (status == 204) {
        accepted.countDown();
      }
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    try (WebhookSink sink = new WebhookSink(uri, new WebhookSink.Retry(5, Duration.ofMillis(20), Duration.ofMillis(100)),
        Duration.ofSeconds(5), new PrintWriter(new StringWriter()))) {
      sink.deliver(new AlertChange(AlertChange.Type.OPENED, ALERT));

      assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(calls.get()).isEqualTo(3);
      assertThat(bodies.get(2)).contains("\"event\":\"open\"", "\"sensor_id\":\"oven-restaurant-3fa2c1\"", "— spike");
    }
  }

  @Test
  void deliverReturnsAtOnceWhileTheEndpointHangs() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/slow", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    StringWriter warnings = new StringWriter();
    WebhookSink sink = new WebhookSink(uri, new WebhookSink.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10)),
        Duration.ofMillis(200), new PrintWriter(warnings));
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      sink.deliver(new AlertChange(AlertChange.Type.OPENED, ALERT));
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    sink.close();
    release.countDown();

    assertThat(tookMillis).isLessThan(1000);
    assertThat(warnings.toString()).contains("not delivered before shutdown");
  }
}
