package com.anomalywatcher.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code bench soak} measures besides the database: a local webhook receiver that counts the
 * alert events the monitor delivers, the dashboard's answer time for the pages a person opens, and
 * the process's resident memory. Owns the receiver's HTTP server and an HTTP client; {@link #close()}
 * stops the server (idempotent).
 */
final class SoakProbes implements AutoCloseable {
  /** What a dashboard user opens: the fleet page, its first page of sensors with sparklines, open alerts. */
  private static final List<String> PAGES = List.of("/", "/api/sensors?offset=0&limit=100&spark=true",
      "/api/alerts?open=true");

  private final HttpServer receiver;
  private final AtomicLong received = new AtomicLong();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private boolean closed;

  /** One probe of the dashboard: the slowest page's time, and how many pages did not answer 200. */
  record ServeProbe(long slowestMillis, int failed) {}

  private SoakProbes(HttpServer receiver) {
    this.receiver = receiver;
  }

  /** Starts the webhook receiver on a free loopback port; it answers 200 to every POST. */
  static SoakProbes start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      SoakProbes probes = new SoakProbes(server);
      server.createContext("/alerts", exchange -> {
        try (exchange; InputStream body = exchange.getRequestBody()) {
          body.readAllBytes();
          probes.received.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
        }
      });
      server.start();
      return probes;
    } catch (IOException e) {
      throw new UncheckedIOException("soak: cannot start the webhook receiver on 127.0.0.1", e);
    }
  }

  /** The receiver's URL, for the monitor's webhook sink. */
  URI webhookUrl() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
  }

  /** Alert events the receiver has taken so far (repeats included). */
  long received() {
    return received.get();
  }

  /** Opens every page of {@link #PAGES} on the dashboard at {@code port}, one after the other. */
  ServeProbe probeServe(int port) throws InterruptedException {
    long slowest = 0;
    int failed = 0;
    for (String page : PAGES) {
      long start = System.nanoTime();
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + page))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding());
        failed += r.statusCode() == 200 ? 0 : 1;
      } catch (IOException e) {
        failed++;
      }
      slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
    }
    return new ServeProbe(slowest, failed);
  }

  /** The process's resident set size in MB (heap, metaspace, thread stacks, native buffers), -1 where /proc is missing. */
  static long residentMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      receiver.stop(0);
    }
  }
}
