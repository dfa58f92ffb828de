package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.web.ReadingsApi.Answer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/readings} through a database outage, the way the README tells a client to
 * behave: a request answered {@code 503} is sent again once the database is back. Nothing of the
 * refused request is stored until then, so its reading without a timestamp is stored once (at the
 * retry's time) and its reject once, and the request that happens to come first after the outage
 * answers for its own readings only. The server kept a failed request's items pending and the next
 * request's commit stored them: the retry stored the reading and the reject a second time, and the
 * other client's answer listed them.
 */
class IngestApiOutageTest {
  private static final String TOKEN = "outage-test-token";
  /** One reading without a timestamp and one that is refused. */
  private static final String REFUSED = "[{\"sensor_id\": \"api-refused\", \"value\": 1},"
      + " {\"sensor_id\": \"api-refused\", \"value\": \"warm\"}]";
  private static final String OTHER = "[{\"sensor_id\": \"api-other\", \"timestamp\": \"2026-11-01T08:00:00Z\", \"value\": 2}]";

  @TempDir Path dir;

  @Test
  void requestRefusedDuringAnOutageIsStoredOnlyByItsRetry() throws Exception {
    try (StoppableDatabase pg = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(pg.jdbcUrl());
        DashboardServer server = DashboardServer.start(db, new ServeSettings("127.0.0.1", 0, Optional.of(TOKEN),
            Duration.ofMillis(200), Optional.empty()), Clock.systemUTC())) {
      assertThat(post(server, OTHER).status()).isEqualTo(200);

      pg.stop();
      Answer refused = post(server, REFUSED);
      pg.start();
      Answer other = untilNotRefused(server, OTHER);
      Answer retry = untilNotRefused(server, REFUSED);

      assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
      assertThat(other.body().get("readings").asLong()).as(other.body().toString()).isEqualTo(1);
      assertThat(other.body().get("rejected")).as(other.body().toString()).isEmpty();
      assertThat(retry.body().get("readings").asLong()).as(retry.body().toString()).isEqualTo(1);
      assertThat(retry.body().get("rejected")).as(retry.body().toString()).hasSize(1);
      assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM sensors_data WHERE sensor_id = 'api-refused'"))
          .isEqualTo(1);
      assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM ingest_rejects WHERE payload LIKE '%api-refused%'"))
          .isEqualTo(1);
    }
  }

  /**
   * Posts until the answer is not a 503: the first request after the restart may still meet a
   * pooled connection the stop broke, which is an outage answer like any other.
   */
  private static Answer untilNotRefused(DashboardServer server, String body) throws Exception {
    for (int i = 0; ; i++) {
      Answer a = post(server, body);
      if (a.status() != 503 || i == 20) {
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a;
      }
      Thread.sleep(500);
    }
  }

  private static Answer post(DashboardServer server, String body) throws Exception {
    return ReadingsApi.post(server, TOKEN, body);
  }
}
