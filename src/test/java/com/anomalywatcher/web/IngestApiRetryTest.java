package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Answer;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/readings} retried by a client whose answer was lost: with the same
 * Idempotency-Key, readings without a timestamp and rejects are stored once.
 */
class IngestApiRetryTest {
  private static final String TOKEN = "retry-test-token";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("api-retry");

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
  void retryWithTheSameIdempotencyKeyStoresNothingTwice() throws Exception {
    String sensor = "retry-" + UUID.randomUUID().toString().substring(0, 8);
    String body = body(sensor);
    String key = UUID.randomUUID().toString();

    Answer first = post(body, key);
    Answer retry = post(body, key);

    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.body().get("stored").asLong()).isEqualTo(2);
    assertThat(first.body().get("repeat").asBoolean()).isFalse();
    assertThat(retry.status()).as(retry.body().toString()).isEqualTo(200);
    assertThat(retry.body().get("readings").asLong()).isEqualTo(2);
    assertThat(retry.body().get("stored").asLong()).isZero();
    assertThat(retry.body().get("repeat").asBoolean()).isTrue();
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = '" + sensor + "'")).isEqualTo(2);
    assertThat(db.queryLong("SELECT count(*) FROM ingest_rejects WHERE payload LIKE '%" + sensor + "%'")).isEqualTo(1);
  }

  /** Without a key a repeat is a new request: a reading without a timestamp is stored again, at the new time. */
  @Test
  void repeatWithoutAKeyIsANewRequest() throws Exception {
    String sensor = "nokey-" + UUID.randomUUID().toString().substring(0, 8);

    post(body(sensor), null);
    Answer again = post(body(sensor), null);

    assertThat(again.body().has("repeat")).isFalse();
    assertThat(again.body().get("stored").asLong()).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = '" + sensor + "'")).isEqualTo(3);
  }

  @Test
  void keyWithAnotherBodyIs422AndWritesNothing() throws Exception {
    String sensor = "reused-" + UUID.randomUUID().toString().substring(0, 8);
    String key = UUID.randomUUID().toString();
    post(body(sensor), key);

    Answer other = post("[{\"sensor_id\": \"" + sensor + "-b\", \"value\": 2}]", key);

    assertThat(other.status()).isEqualTo(422);
    assertThat(other.body().get("error").asText()).contains("Idempotency-Key", key, "another body");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = '" + sensor + "-b'")).isZero();
  }

  @Test
  void keyLongerThan255CharactersIs400() throws Exception {
    Answer a = post(body("long-key"), "k".repeat(256));

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().get("error").asText()).contains("Idempotency-Key", "1..255", "256");
  }

  /** One reading without a timestamp, one with, one that is refused. */
  private static String body(String sensor) {
    return "[{\"sensor_id\": \"" + sensor + "\", \"value\": 1},"
        + " {\"sensor_id\": \"" + sensor + "\", \"timestamp\": \"2026-11-01T08:00:00Z\", \"value\": 2},"
        + " {\"sensor_id\": \"" + sensor + "\", \"value\": \"warm\"}]";
  }

  private static Answer post(String body, String key) throws Exception {
    return ReadingsApi.post(server, TOKEN, body, key);
  }
}
