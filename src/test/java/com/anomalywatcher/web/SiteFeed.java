package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The dashboard of the fleet page's site tests: fed live over {@code POST /api/readings}, or loaded from the database. */
final class SiteFeed {
  private SiteFeed() {}

  /** Starts a dashboard on {@code db} that takes readings with {@code token} (none: read-only); the caller closes it. */
  static DashboardServer start(TestDatabase db, Optional<String> token) {
    return DashboardServer.start(db.database(),
        new ServeSettings("127.0.0.1", 0, token, Duration.ofMillis(100), Optional.empty()), Clock.systemUTC());
  }

  /** Waits (at most 30 s) until the live feed has taken in {@code sensors} sensors. */
  static void awaitFleetOf(DashboardServer server, int sensors) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    int seen;
    while ((seen = DashboardApiTest.get(server, "/api/sensors").body().get("total").asInt()) < sensors
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(seen).as("sensors the live feed took in").isEqualTo(sensors);
  }
}
