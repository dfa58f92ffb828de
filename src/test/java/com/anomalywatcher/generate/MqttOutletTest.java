package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.ingest.MqttIngest;
import com.anomalywatcher.ingest.MqttSettings;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.mqtt.PrivateMosquitto;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.StoreException;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continuous --publish} when the broker drops the publisher's connection: the generator's
 * backlog fails that store, keeps the readings, and sends them again on a new connection; the
 * ingest stores each reading once.
 */
class MqttOutletTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("mqtt-outlet");
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void sendsTheHeldReadingsAgainOnANewConnectionAfterTheBrokerDroppedItAndNoneIsStoredTwice(@TempDir Path dir)
      throws Exception {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    String rows = "SELECT count(*) FROM sensors_data WHERE sensor_id LIKE '" + prefix + "%'";
    ExecutorService pool = Executors.newSingleThreadExecutor();
    AtomicBoolean stop = new AtomicBoolean();
    StringWriter log = new StringWriter();
    try (PrivateMosquitto broker = new PrivateMosquitto(dir, "")) {
      MqttIngest ingest = new MqttIngest(new MqttSettings(broker.url(), prefix + "/#", prefix + "-ingest", 1, null, null,
          100, Duration.ofMillis(100), 1_000), db.database(), Clock.systemUTC(), new PrintWriter(log, true));
      Future<MqttIngest.Summary> ingesting = pool.submit(() -> {
        try (ingest) {
          return ingest.run(stop::get);
        }
      });
      await(ingest::subscribed, "the ingest to subscribe: " + log);
      PublishTarget target = PublishTarget.parse("--publish", "mqtt://127.0.0.1:" + broker.port() + "/" + prefix);
      try (Backlog backlog = new Backlog(db.database(), Clock.fixed(T0, ZoneOffset.UTC), 10_000, Duration.ofSeconds(1),
          MqttOutlet.to(target, null, Map.of()))) {
        for (int i = 0; i < 5; i++) {
          backlog.add(tick(prefix, i), List.of(), List.of());
        }
        backlog.store();
        await(() -> db.queryLong(rows) == 15, "the first 15 readings stored: " + log);

        broker.restart(); // drops the publisher's connection (and the ingest's, which comes back by itself)
        for (int i = 5; i < 10; i++) {
          backlog.add(tick(prefix, i), List.of(), List.of());
        }
        assertThatThrownBy(backlog::store).isInstanceOf(StoreException.class).hasMessageContaining("unavailable");
        assertThat(backlog.pending()).isEqualTo(15);

        backlog.store(); // what the generator does on its next tick: a new outlet, the held readings again
        assertThat(backlog.pending()).isZero();
        assertThat(backlog.stored()).isEqualTo(30);
      }
      await(() -> db.queryLong(rows) == 30, "all 30 readings stored: " + log);
      stop.set(true);
      ingest.wake();
      assertThat(ingesting.get(60, TimeUnit.SECONDS).clean()).isTrue();
      assertThat(db.queryLong(rows)).isEqualTo(30);
      assertThat(db.queryLong("SELECT count(DISTINCT (sensor_id, timestamp)) FROM sensors_data WHERE sensor_id LIKE '"
          + prefix + "%'")).isEqualTo(30);
    } finally {
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * A broker away while {@code continuous --publish} runs is named as the broker: the generator said
   * 'database unavailable since …', which sent a user to a database that was up.
   */
  @Test
  void anOutageOfTheBrokerIsReportedAsTheBrokersNotTheDatabases(@TempDir Path dir) throws Exception {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> said = new ArrayList<>();
    DatabaseRetry retry = new DatabaseRetry(Clock.systemUTC(), DatabaseRetry.Backoff.standard(), said::add,
        (deadline, stop) -> { });
    try (PrivateMosquitto broker = new PrivateMosquitto(dir, "")) {
      PublishTarget target = PublishTarget.parse("--publish", "mqtt://127.0.0.1:" + broker.port() + "/" + prefix);
      try (Backlog backlog = new Backlog(db.database(), Clock.fixed(T0, ZoneOffset.UTC), 10_000, Duration.ofSeconds(1),
          MqttOutlet.to(target, null, Map.of()))) {
        backlog.add(tick(prefix, 0), List.of(), List.of());
        assertThat(retry.attempt(backlog::store)).isTrue();

        broker.close(); // the broker goes away; the database stays up
        backlog.add(tick(prefix, 1), List.of(), List.of());
        assertThat(retry.attempt(backlog::store)).isFalse();

        assertThat(backlog.pending()).as("the readings are held").isEqualTo(3);
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).matches("MQTT broker at 127\\.0\\.0\\.1:" + broker.port()
            + " unavailable since \\d\\d:\\d\\d:\\d\\d, retrying");
        assertThat(retry.downService()).contains("MQTT broker at 127.0.0.1:" + broker.port());
      }
    }
  }

  /**
   * A broker that refuses the topics (its ACL denies them) is not an outage: the store fails once with
   * the broker's reason and the topic, nothing says "unavailable, retrying", and the readings stay
   * held, so the caller can say they were not published. It was reported as an outage and retried forever.
   */
  @Test
  void aBrokerThatRefusesTheTopicStopsWithItsReasonInsteadOfRetrying(@TempDir Path dir) throws Exception {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> said = new ArrayList<>();
    DatabaseRetry retry = new DatabaseRetry(Clock.systemUTC(), DatabaseRetry.Backoff.standard(), said::add,
        (deadline, stop) -> { });
    try (PrivateMosquitto broker = new PrivateMosquitto(dir, PrivateMosquitto.allowingOnly(dir, "other/#"))) {
      PublishTarget target = PublishTarget.parse("--publish", "mqtt://127.0.0.1:" + broker.port() + "/" + prefix);
      try (Backlog backlog = new Backlog(db.database(), Clock.fixed(T0, ZoneOffset.UTC), 10_000, Duration.ofSeconds(1),
          MqttOutlet.to(target, null, Map.of()))) {
        backlog.add(tick(prefix, 0), List.of(), List.of());
        assertThatThrownBy(() -> retry.attempt(backlog::store)).isInstanceOf(StoreException.class)
            .hasMessageMatching("MQTT broker at 127\\.0\\.0\\.1:" + broker.port() + " refused publishing to "
                + prefix + "/unknown/" + prefix + "-[abc]: not authorized \\(0x87\\)");
        assertThat(said).as("no outage reported").isEmpty();
        assertThat(retry.isDown()).isFalse();
        assertThat(backlog.pending()).as("the readings are held, not dropped").isEqualTo(3);
        assertThat(backlog.stored()).isZero();
      }
    }
  }

  /** One reading a second of three sensors named after the run. */
  private static List<Reading> tick(String prefix, int i) {
    Instant t = T0.plusSeconds(i);
    return List.of(reading(prefix + "-a", t), reading(prefix + "-b", t), reading(prefix + "-c", t));
  }

  private static Reading reading(String id, Instant t) {
    return new Reading(UUID.nameUUIDFromBytes((id + t).getBytes(StandardCharsets.UTF_8)), t, id, SensorType.ANALOG,
        Category.HEATER, 21.5, "°C", Location.SUPERMARKET, "{}");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
