package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bare {@code run --via-mqtt} on the machine's Mosquitto (127.0.0.1:1883) uses a topic of its own
 * database and set: a second user's run on the same broker, into another database, is not taken in.
 */
class RunViaMqttTopicTest {
  private static final Pattern INGESTING = Pattern.compile("ingest: ingesting (\\S+)/# from tcp://127\\.0\\.0\\.1:1883");

  @RegisterExtension static final TestDatabase mine = TestDatabase.fresh("run-topic-mine");
  @RegisterExtension static final TestDatabase theirs = TestDatabase.fresh("run-topic-theirs");

  @Test
  void bareViaMqttReadsOnlyItsOwnDatabasesTopic() throws Exception {
    StringWriter theirOut = new StringWriter();
    int theirCode = run(theirs, theirOut, "2s");
    assertThat(theirCode).as(theirOut.toString()).isZero();
    String theirPrefix = prefixIn(theirOut.toString());

    StringWriter myOut = new StringWriter();
    CompletableFuture<Integer> myRun = CompletableFuture.supplyAsync(() -> run(mine, myOut, "5s"));
    long end = System.nanoTime() + 30_000_000_000L;
    while (!INGESTING.matcher(myOut.toString()).find() && !myRun.isDone() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    String myPrefix = prefixIn(myOut.toString());
    assertThat(myPrefix).startsWith("aw-run/shared/").isNotEqualTo(theirPrefix);
    assertThat(theirPrefix).startsWith("aw-run/shared/");

    // The other user's generator publishes on its topic while mine runs; and one reading on my own
    // topic shows that what arrives there is stored.
    MqttClient other = new MqttClient("tcp://127.0.0.1:1883", "run-topic-test-" + System.nanoTime(), new MemoryPersistence());
    other.connect(new MqttConnectionOptions());
    try {
      publish(other, theirPrefix + "/site-0/intruder-theirs");
      publish(other, myPrefix + "/site-0/visitor-mine");
    } finally {
      other.disconnect();
      other.close();
    }
    assertThat(myRun.get()).as(myOut.toString()).isZero();
    assertThat(mine.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'visitor-mine'")).isEqualTo(1);
    assertThat(mine.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'intruder-theirs'")).isZero();
  }

  @Test
  void explicitPrefixIsKept() {
    StringWriter out = new StringWriter();
    int code = run(mine, out, "1s", "--via-mqtt=mqtt://127.0.0.1:1883/awtest-explicit-" + System.nanoTime());
    assertThat(code).as(out.toString()).isZero();
    assertThat(prefixIn(out.toString())).startsWith("awtest-explicit-");
  }

  private static int run(TestDatabase db, StringWriter out, String duration) {
    return run(db, out, duration, "--via-mqtt");
  }

  private static int run(TestDatabase db, StringWriter out, String duration, String viaMqtt) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"run", viaMqtt, "--set", "shared", "--sensors", "2", "--data-interval", "1s",
        "--monitor-interval", "2s", "--duration", duration, "--seed", "3", "--world", "clean", "--db-url", db.jdbcUrl()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    out.write(err.toString());
    return code;
  }

  private static String prefixIn(String out) {
    Matcher m = INGESTING.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private static void publish(MqttClient client, String topic) throws Exception {
    String sensor = topic.substring(topic.lastIndexOf('/') + 1);
    String payload = "{\"sensor_id\": \"" + sensor + "\", \"timestamp\": \"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\", \"value\": 4.2, \"category\": \"fridge\"}";
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    client.publish(topic, message);
  }
}
