package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/readings} takes a gateway's batch of up to 8 MiB, and a larger body is a JSON
 * {@code 413} naming the limit that writes nothing. Before, Javalin's own limit of 1 MB answered
 * every body over 1 MB (about 12,000 readings) with the plain text "Content Too Large", and the
 * 8 MiB limit the ingest checked was never reached.
 */
class IngestApiBodySizeTest {
  private static final String TOKEN = "body-size-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("api-body-size");

  static DashboardServer server;

  @BeforeAll
  static void start() {
    server = SiteFeed.start(db, Optional.of(TOKEN));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void storesABatchOfThreeAndAHalfMegabytes() throws Exception {
    String body = readings("batch", 50_000);
    assertThat(body.length()).isBetween(3_000_000, 4_000_000);

    HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofString(body));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("stored").asLong()).isEqualTo(50_000);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'batch'")).isEqualTo(50_000);
  }

  @Test
  void refusesABodyOverEightMebibytesWithJsonNamingTheLimit() throws Exception {
    String body = readings("too-big", 140_000);
    assertThat(body.length()).isGreaterThan(IngestApi.MAX_BODY_BYTES);

    HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofString(body));

    assertThat(r.statusCode()).isEqualTo(413);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.get("error").asText()).contains("at most 8,388,608 bytes", "got " + String.format("%,d", body.length()));
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'too-big'")).isZero();
  }

  /** Without a Content-Length (chunked), the body is read up to the limit only, then refused the same way. */
  @Test
  void refusesAChunkedBodyOverTheLimit() throws Exception {
    byte[] body = readings("chunked", 140_000).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("at most 8,388,608 bytes", "got more");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'chunked'")).isZero();
  }

  private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/readings"))
        .header("Authorization", "Bearer " + TOKEN).POST(body).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code n} readings of one sensor a second apart, as a gateway batches them (about 80 bytes each). */
  private static String readings(String sensor, int n) {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    StringJoiner items = new StringJoiner(",", "[", "]");
    for (int i = 0; i < n; i++) {
      items.add("{\"sensor_id\":\"" + sensor + "\",\"timestamp\":\"" + start.plusSeconds(i) + "\",\"value\":" + (i % 100) + ".5}");
    }
    return items.toString();
  }
}
