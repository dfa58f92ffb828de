package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Answer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/readings} with readings without a timestamp, which get their time of receipt:
 * several of one sensor, in one request or in requests received within one tick of the clock (here
 * a clock of whole hours, standing for requests served within one microsecond), are all stored, in
 * order, and a retry with the same Idempotency-Key still stores none of them twice.
 */
class IngestApiReceiptTest {
  private static final String TOKEN = "receipt-test-token";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("api-receipt");

  static DashboardServer server;

  @BeforeAll
  static void start() {
    server = DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN), Duration.ofMillis(200), Optional.empty()),
        Clock.tick(Clock.systemUTC(), Duration.ofHours(1)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readingsWithoutATimestampInOneRequestAreAllStoredInOrder() throws Exception {
    String sensor = sensor("one");

    Answer a = post(body(sensor, 0, 5), null);

    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    assertThat(a.body().get("readings").asLong()).isEqualTo(5);
    assertThat(a.body().get("stored").asLong()).isEqualTo(5);
    assertThat(valuesInTimeOrder(sensor)).isEqualTo(range(0, 5));
  }

  @Test
  void requestsWithinOneClockTickStoreAllTheirReadingsWithoutATimestamp() throws Exception {
    String sensor = sensor("ticks");

    Answer first = post(body(sensor, 0, 3), null);
    Answer second = post(body(sensor, 3, 3), null);

    assertThat(first.body().get("stored").asLong()).as(first.body().toString()).isEqualTo(3);
    assertThat(second.body().get("stored").asLong()).as(second.body().toString()).isEqualTo(3);
    assertThat(valuesInTimeOrder(sensor)).isEqualTo(range(0, 6));
  }

  @Test
  void concurrentRequestsStoreAllTheirReadingsWithoutATimestamp() throws Exception {
    String sensor = sensor("parallel");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int r = 0; r < 20; r++) {
        String body = body(sensor, r * 3, 3);
        answers.add(pool.submit(() -> post(body, null)));
      }
      for (Future<Answer> f : answers) {
        assertThat(f.get().body().get("stored").asLong()).as(f.get().body().toString()).isEqualTo(3);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = '" + sensor + "'")).isEqualTo(60);
  }

  /** A retry gets its first request's times back; the next request's times come after them. */
  @Test
  void retryOfReadingsWithoutATimestampStoresNoneTwice() throws Exception {
    String sensor = sensor("retry");
    String body = body(sensor, 0, 4);
    String key = UUID.randomUUID().toString();

    Answer first = post(body, key);
    Answer retry = post(body, key);
    Answer next = post(body(sensor, 4, 4), UUID.randomUUID().toString());

    assertThat(first.body().get("stored").asLong()).as(first.body().toString()).isEqualTo(4);
    assertThat(retry.body().get("repeat").asBoolean()).isTrue();
    assertThat(retry.body().get("readings").asLong()).isEqualTo(4);
    assertThat(retry.body().get("stored").asLong()).as(retry.body().toString()).isZero();
    assertThat(next.body().get("stored").asLong()).as(next.body().toString()).isEqualTo(4);
    assertThat(valuesInTimeOrder(sensor)).isEqualTo(range(0, 8));
  }

  private static String sensor(String label) {
    return label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** {@code count} readings of {@code sensor} without a timestamp, valued {@code from}, {@code from + 1}, ... */
  private static String body(String sensor, int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(v -> "{\"sensor_id\": \"" + sensor + "\", \"value\": " + v + "}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String range(int from, int to) {
    return IntStream.range(from, to).mapToObj(String::valueOf).collect(Collectors.joining(","));
  }

  private static String valuesInTimeOrder(String sensor) {
    return db.queryString("SELECT string_agg(value::int::text, ',' ORDER BY timestamp) FROM sensors_data"
        + " WHERE sensor_id = '" + sensor + "'");
  }

  private static Answer post(String body, String key) throws Exception {
    return ReadingsApi.post(server, TOKEN, body, key);
  }
}
