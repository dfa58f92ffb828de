package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.ingest.LocalBroker;
import com.anomalywatcher.mqtt.MqttPublisher;
import com.anomalywatcher.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ingest mqtt} commands on one broker, each into its own database, both without
 * {@code --client-id} (as the README shows them). With one fixed default id they took the broker's
 * session from each other several times a second, each got the other's subscription, and a QoS 1
 * message without a timestamp redelivered after a takeover was stored again at a new time of receipt.
 */
class IngestSessionProcessTest {
  private static final Duration LONG = Duration.ofSeconds(90);

  @RegisterExtension static final TestDatabase plantA = TestDatabase.fresh("ingest-session-a");
  @RegisterExtension static final TestDatabase plantB = TestDatabase.fresh("ingest-session-b");

  @TempDir Path dir;

  @Test
  void defaultClientIdIsOnePerTopicAndDatabaseAndStable() {
    String a = IngestCommand.Mqtt.defaultClientId("plant7/#", "jdbc:postgresql://h:5432/a?user=postgres");
    assertThat(a).startsWith("anomaly-watcher-ingest-plant7__-")
        .isEqualTo(IngestCommand.Mqtt.defaultClientId("plant7/#", "jdbc:postgresql://h:5432/a?user=postgres"))
        .isNotEqualTo(IngestCommand.Mqtt.defaultClientId("plant8/#", "jdbc:postgresql://h:5432/a?user=postgres"))
        .isNotEqualTo(IngestCommand.Mqtt.defaultClientId("plant7/#", "jdbc:postgresql://h:5432/b?user=postgres"));
    assertThat(IngestCommand.Mqtt.defaultClientId("t/".repeat(200), "jdbc:postgresql://h:5432/a")).hasSizeLessThan(128);
  }

  @Test
  void twoIngestsWithTheDefaultClientIdKeepTheirOwnSessionsAndReadings() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (LocalBroker broker = LocalBroker.start();
        AwProcess a = AwProcess.start(dir, "ingest-a", Map.of("AW_DB_URL", plantA.jdbcUrl()),
            "ingest", "mqtt", "--broker", broker.url(), "--topic", "a" + run + "/#");
        AwProcess b = AwProcess.start(dir, "ingest-b", Map.of("AW_DB_URL", plantB.jdbcUrl()),
            "ingest", "mqtt", "--broker", broker.url(), "--topic", "b" + run + "/#")) {
      a.awaitOutput("ingesting a" + run, LONG);
      b.awaitOutput("ingesting b" + run, LONG);
      // With one shared session, b's connect took it from a before b said "ingesting", and each
      // then took it back in turn. Instead of waiting a while for that (or for redeliveries) and
      // seeing nothing on a slow machine, each plant gets a marker after its readings, on the same
      // connection: the broker delivers a topic's QoS 1 messages in order and sends what a resumed
      // session holds before newer ones, so once both markers are stored, a takeover or a
      // redelivery of the readings would already show.
      try (MqttPublisher pub = MqttPublisher.connect(broker.url(), "pub-" + run, 1_000, 30_000)) {
        for (int i = 0; i < 3; i++) {
          for (String plant : List.of("a", "b")) {
            publish(pub, plant + run + "/sensor-" + plant, i);
          }
        }
        for (String plant : List.of("a", "b")) {
          publish(pub, plant + run + "/marker-" + plant, 0);
        }
      }
      a.await("plant A's marker", () -> markerStored(plantA, "marker-a"), LONG, true);
      b.await("plant B's marker", () -> markerStored(plantB, "marker-b"), LONG, true);

      assertThat(plantA.queryString("SELECT string_agg(sensor_id || '=' || value, ',' ORDER BY timestamp) FROM sensors_data"))
          .isEqualTo("sensor-a=0,sensor-a=1,sensor-a=2,marker-a=0");
      assertThat(plantB.queryString("SELECT string_agg(sensor_id || '=' || value, ',' ORDER BY timestamp) FROM sensors_data"))
          .isEqualTo("sensor-b=0,sensor-b=1,sensor-b=2,marker-b=0");
      for (AwProcess p : List.of(a, b)) {
        assertThat(p.output()).as(p.output()).doesNotContain("broker connection lost");
        p.signal("TERM");
        assertThat(p.awaitExit(LONG)).as(p.output()).isZero();
      }
    }
  }

  /** One QoS 1 message, its PUBACK awaited. */
  private static void publish(MqttPublisher pub, String topic, int value) throws Exception {
    pub.publish(topic, ("{\"value\": " + value + "}").getBytes(StandardCharsets.UTF_8));
    pub.flush();
  }

  private static boolean markerStored(TestDatabase db, String marker) {
    return db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = '" + marker + "'") > 0;
  }
}
