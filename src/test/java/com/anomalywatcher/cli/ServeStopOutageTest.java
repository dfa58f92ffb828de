package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.StoppableDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} stopped with SIGTERM while its database is down ends as a stop does, with exit 0
 * and "stopped": closing its connection pool waits out the connection attempt under way, which took
 * longer than the second a stop had, and the watchdog ended it with 143 and "did not finish in time".
 */
class ServeStopOutageTest {
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void aStopDuringAnOutageEndsCleanly() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        AwProcess serve = AwProcess.start(dir, "serve", Map.of("AW_DB_URL", server.jdbcUrl()),
            "serve", "--port", Integer.toString(port))) {
      serve.awaitOutput("dashboard at", LONG);
      server.stop();
      serve.await("the outage on /api/health", () -> health(http, port) == 503, LONG, true);
      serve.signal("TERM");
      int exit = serve.awaitExit(LONG);
      assertThat(serve.output()).contains("stopped").doesNotContain("did not finish in time");
      assertThat(exit).isZero();
    }
  }

  private static int health(HttpClient http, int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
