package com.anomalywatcher.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook receiver on a fixed port ({@code http://127.0.0.1:PORT/hook}), for process tests: records
 * every idempotency key it is sent, after an optional delay. Thread-safe; closing stops it.
 */
final class WebhookReceiver implements AutoCloseable {
  private final List<String> keys = new ArrayList<>();
  private final HttpServer server;

  WebhookReceiver(int port, Duration delay) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/hook", exchange -> {
      try (exchange; InputStream body = exchange.getRequestBody()) {
        body.readAllBytes();
        Thread.sleep(delay.toMillis());
        synchronized (keys) {
          keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        }
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** A port free now, for a receiver (and the monitors that post to it) to use. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The idempotency keys received so far, in order. */
  List<String> keys() {
    synchronized (keys) {
      return List.copyOf(keys);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
