package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.ingest.Arrival;
import com.anomalywatcher.ingest.MessageParser;
import com.anomalywatcher.mqtt.OnMessage;
import com.anomalywatcher.mqtt.PrivateMosquitto;
import com.anomalywatcher.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator as a fleet of MQTT devices, on the machine's Mosquitto (127.0.0.1:1883):
 * {@code continuous --publish} and {@code run --via-mqtt}.
 */
class MqttFleetCommandsTest {
  private static final String BROKER = "tcp://127.0.0.1:1883";

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("mqtt-fleet-commands");

  private static CommandRun run(String... args) {
    return CommandRun.against(db.jdbcUrl(), args);
  }

  @Test
  void continuousPublishesEveryReadingOnSiteAndSensorTopicsAndWritesNoneToTheDatabase() throws Exception {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
    MqttClient sub = new MqttClient(BROKER, prefix + "-sub", new MemoryPersistence());
    sub.setCallback(new OnMessage((topic, m) ->
        received.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)})));
    sub.connect(new MqttConnectionOptions());
    sub.subscribe(prefix + "/#", 1);
    try {
      CommandRun r = run("continuous", "--publish", "mqtt://127.0.0.1:1883/" + prefix, "--set", "published", "--sensors", "3",
          "--interval", "1s", "--duration", "3s", "--seed", "7", "--world", "clean");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("publishing readings to " + prefix + "/<site>/<sensor_id>");
      long published = Long.parseLong(r.out().replaceAll("(?s).*stopped: \\d+ ticks?, (\\d+) readings? published.*", "$1"));
      assertThat(published).isGreaterThanOrEqualTo(6);
      long end = System.nanoTime() + 10_000_000_000L;
      while (received.size() < published && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat((long) received.size()).isEqualTo(published);
    } finally {
      sub.disconnect();
      sub.close();
    }
    ConcurrentHashMap<String, Boolean> sensors = new ConcurrentHashMap<>();
    MessageParser parser = new MessageParser();
    for (String[] m : received) {
      assertThat(m[0]).matches(prefix + "/site-\\d+/[a-z]+-[a-z]+-[0-9a-f]{6}");
      MessageParser.Parsed p = parser.parse(Arrival.mqtt(m[0], m[1], Instant.now()));
      assertThat(p.rejects()).as(m[1]).isEmpty();
      assertThat(p.drafts().get(0).sensorId()).isEqualTo(m[0].substring(m[0].lastIndexOf('/') + 1));
      assertThat(p.drafts().get(0).category()).isNotNull();
      // every set numbers its sites from 0: an ingest into another database tells the sets apart by this
      assertThat(m[1]).contains("\"metadata\":{\"set\":\"published\",").contains("\"site\":");
      sensors.put(p.drafts().get(0).sensorId(), true);
    }
    assertThat(sensors).hasSize(3);
    // Readings went to the broker only; the registry (and the labels) are in the database.
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id IN (SELECT sensor_id FROM sensors"
        + " WHERE sensor_set = 'published')")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE sensor_set = 'published'")).isEqualTo(3);
  }

  @Test
  void runViaMqttGoesFromGeneratorThroughBrokerAndIngestToTheMonitor() {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    CommandRun r = run("run", "--via-mqtt=mqtt://127.0.0.1:1883/" + prefix, "--set", "via-mqtt", "--sensors", "3",
        "--data-interval", "1s", "--monitor-interval", "2s", "--duration", "6s", "--seed", "5", "--world", "clean");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ingest: ingesting " + prefix + "/# from " + BROKER);
    long stored = db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id IN (SELECT sensor_id FROM sensors"
        + " WHERE sensor_set = 'via-mqtt')");
    // 6 s at 1 s: about six ticks of 3 sensors, every one through the broker and the ingest.
    assertThat(stored).isGreaterThanOrEqualTo(15);
    assertThat(db.queryLong("SELECT count(DISTINCT sensor_id) FROM sensors_data WHERE sensor_id IN (SELECT sensor_id"
        + " FROM sensors WHERE sensor_set = 'via-mqtt')")).isEqualTo(3);
    assertThat(r.out()).containsPattern("monitor: scored [1-9]\\d* readings? of 3 sensors");
  }

  /**
   * A broker that refuses the topics (ACL) stops {@code continuous --publish} at once with one line
   * naming the broker, the topic and the reason, and the readings it did not publish; it was taken
   * for an outage, and the generator reconnected and re-sent until its duration was over.
   */
  @Test
  void continuousStopsWithTheBrokersReasonWhenTheBrokerRefusesTheTopic(@TempDir Path dir) throws Exception {
    String prefix = "awtest-" + UUID.randomUUID().toString().substring(0, 8);
    try (PrivateMosquitto broker = new PrivateMosquitto(dir, PrivateMosquitto.allowingOnly(dir, "other/#"))) {
      long started = System.nanoTime();
      CommandRun r = run("continuous", "--publish", "mqtt://127.0.0.1:" + broker.port() + "/" + prefix, "--set", "refused",
          "--sensors", "2", "--interval", "1s", "--duration", "60s", "--seed", "7");
      assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.err().strip()).matches("Error: MQTT broker at 127\\.0\\.0\\.1:" + broker.port()
          + " refused publishing to " + prefix + "/site-\\d+/\\S+: not authorized \\(0x87\\); [1-9]\\d* generated"
          + " readings are lost: not published, or only those on topics the broker allows");
      assertThat(r.err()).doesNotContain("unavailable");
      assertThat(System.nanoTime() - started).as("stops at once, not at the end of --duration")
          .isLessThan(TimeUnit.SECONDS.toNanos(30));
    }
  }

  @Test
  void refusesAPublishUrlThatIsNotMqtt() {
    CommandRun c = run("continuous", "--publish", "http://127.0.0.1:1883/sites", "--duration", "1s");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--publish must look like mqtt://HOST:1883/PREFIX, got 'http://127.0.0.1:1883/sites'");
    CommandRun r = run("run", "--via-mqtt=mqtt://127.0.0.1:1883", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--via-mqtt must look like mqtt://HOST:1883/PREFIX");
    CommandRun secret = run("continuous", "--publish", "http://u:s3cret@127.0.0.1:1883/sites?token=t0k", "--duration", "1s");
    assertThat(secret.exitCode()).isEqualTo(2);
    assertThat(secret.err()).contains("got 'http://***@127.0.0.1:1883/sites?***'").doesNotContain("s3cret").doesNotContain("t0k");
  }
}
