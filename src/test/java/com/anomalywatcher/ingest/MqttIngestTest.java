package com.anomalywatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.mqtt.MqttPublisher;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.store.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest mqtt} against a real Mosquitto: the machine's on 1883, or one of its own to restart. */
class MqttIngestTest {
  private static final String MACHINE_BROKER = "tcp://127.0.0.1:1883";
  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("mqtt-ingest");

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final StringWriter log = new StringWriter();
  /** The ingest {@link #start} started last. */
  private MqttIngest current;

  @AfterEach
  void stopAll() throws Exception {
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void storesReadingsOfUnknownSensorsAndRejectsEveryKindOfBadMessage() throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    Future<MqttIngest.Summary> ingest = start(MACHINE_BROKER, topic + "/#", "awtest-" + UUID.randomUUID(), db.database());
    try (Publisher pub = publisher(MACHINE_BROKER)) {
      for (int m = 0; m < 20; m++) {
        publish(pub, topic + "/cold-room-" + (m % 2), "{\"timestamp\":\"" + T0.plusSeconds(60L * m)
            + "\",\"value\":" + (2.5 + m % 3) + ",\"category\":\"cold_room\",\"unit\":\"°C\"}");
      }
      publish(pub, topic + "/bad", "not json");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\"}");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\",\"value\":\"warm\"}");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\",\"value\":1e999}");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\",\"value\":4,\"timestamp\":\"yesterday\"}");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\",\"value\":4,\"timestamp\":\"2099-01-01T00:00:00Z\"}");
      publish(pub, topic + "/bad", "{\"sensor_id\":\"x-1\",\"value\":4,\"type\":\"counter\"}");
    }
    awaitCount("SELECT count(*) FROM ingest_rejects WHERE origin LIKE '" + topic + "%'", 7);
    awaitCount("SELECT count(*) FROM sensors_data WHERE sensor_id LIKE 'cold-room-%'", 20);
    stop.set(true);
    MqttIngest.Summary s = ingest.get(30, TimeUnit.SECONDS);
    assertThat(s.clean()).isTrue();
    assertThat(db.queryString("SELECT string_agg(reason, ' | ' ORDER BY id) FROM ingest_rejects WHERE origin LIKE '"
        + topic + "%'"))
        .contains("not JSON").contains("no value").contains("value is not a number").contains("not a finite number")
        .contains("unparsable timestamp").contains("more than a day in the future").contains("type must be analog");
    assertThat(db.queryString("SELECT category FROM sensors WHERE sensor_id = 'cold-room-1'")).isEqualTo("cold_room");
  }

  /**
   * Readings without a timestamp get their time of receipt; a burst of them for one sensor that
   * arrives within one tick of the clock (here a clock of whole seconds; in CI's MqttRedeliveryTest
   * two messages Paho read from one socket buffer within a microsecond) is stored whole, in order,
   * not collapsed into one row per tick.
   */
  @Test
  void readingsWithoutATimestampReceivedWithinOneClockTickAreAllStoredInOrder() throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    String sensor = "tick-" + topic.substring(7, 15);
    Future<MqttIngest.Summary> ingest = start(new MqttSettings(MACHINE_BROKER, topic + "/#", "awtest-" + UUID.randomUUID(),
        1, null, null, 500, Duration.ofMillis(100), 1000), db.database(), Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)));
    MqttIngest running = current;
    String[] payloads = new String[20];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = "{\"value\": " + i + "}";
    }
    publishAll(MACHINE_BROKER, topic + "/" + sensor, payloads);
    await(() -> running.committedMessages() >= payloads.length, "the burst to be committed: " + log);
    stop.set(true);
    MqttIngest.Summary s = ingest.get(30, TimeUnit.SECONDS);
    assertThat(s.clean()).isTrue();
    assertThat(s.stored()).as(log.toString()).isEqualTo(payloads.length);
    assertThat(db.queryString("SELECT string_agg(value::int::text, ',' ORDER BY timestamp) FROM sensors_data"
        + " WHERE sensor_id = '" + sensor + "'")).isEqualTo(String.join(",",
            IntStream.range(0, payloads.length).mapToObj(String::valueOf).toList()));
  }

  /**
   * A message that is an array of readings without a timestamp of one sensor gives item i its time of
   * receipt plus i µs, so all of them are stored, in order, not only the first.
   */
  @Test
  void anArrayOfReadingsWithoutATimestampOfOneSensorIsStoredWholeInOrder() throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    String sensor = "array-" + topic.substring(7, 15);
    Future<MqttIngest.Summary> ingest = start(MACHINE_BROKER, topic + "/#", "awtest-" + UUID.randomUUID(), db.database());
    MqttIngest running = current;
    String array = "[" + String.join(",", IntStream.range(0, 5).mapToObj(i -> "{\"value\": " + i + "}").toList()) + "]";
    publishAll(MACHINE_BROKER, topic + "/" + sensor, new String[] {array, "{\"value\": 5}"});
    await(() -> running.committedMessages() >= 2, "the messages to be committed: " + log);
    stop.set(true);
    MqttIngest.Summary s = ingest.get(30, TimeUnit.SECONDS);
    assertThat(s.clean()).isTrue();
    assertThat(s.stored()).as(log.toString()).isEqualTo(6);
    assertThat(db.queryString("SELECT string_agg(value::int::text, ',' ORDER BY timestamp) FROM sensors_data"
        + " WHERE sensor_id = '" + sensor + "'")).isEqualTo("0,1,2,3,4,5");
  }

  /**
   * {@link MqttIngest#wake} (what SIGTERM calls, so the loop sees its stop at once) between
   * messages counts as none and stores nothing, and after a stop it ends the run with all it holds
   * committed.
   */
  @Test
  void aWakeIsNoMessageAndAfterAStopEndsTheRunWithNothingLost() throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    Future<MqttIngest.Summary> ingest = start(MACHINE_BROKER, topic + "/#", "awtest-" + UUID.randomUUID(), db.database());
    MqttIngest running = current;
    running.wake();
    try (Publisher pub = publisher(MACHINE_BROKER)) {
      for (int i = 0; i < 40; i += 10) {
        publishReadings(pub, topic, i, 10);
        running.wake();
      }
    }
    String rows = "SELECT count(*) FROM sensors_data WHERE sensor_id LIKE '" + topic.substring(7) + "%'";
    awaitCount(rows, 40);
    stop.set(true);
    running.wake();
    MqttIngest.Summary s = ingest.get(30, TimeUnit.SECONDS);
    assertThat(s.clean()).isTrue();
    assertThat(s.messages()).isEqualTo(40);
    assertThat(s.rejects()).isZero();
    assertThat(count(db.database(), rows)).isEqualTo(40);
  }

  @Test
  void ridesOutADatabaseStoppedFor20SecondsWithNothingLostOrDuplicated(@TempDir Path dir) throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database outageDb = Database.connect(server.jdbcUrl());
        Publisher pub = publisher(MACHINE_BROKER)) {
      Future<MqttIngest.Summary> ingest = start(MACHINE_BROKER, topic + "/#", "awtest-" + UUID.randomUUID(), outageDb);
      publishReadings(pub, topic, 0, 100);
      awaitCount(outageDb, "SELECT count(*) FROM sensors_data", 100);
      server.stop();
      publishReadings(pub, topic, 100, 200);
      // The outage itself: 20 s with the database down while messages keep arriving.
      Thread.sleep(20_000);
      server.start();
      publishReadings(pub, topic, 300, 100);
      awaitCount(outageDb, "SELECT count(*) FROM sensors_data", 400);
      stop.set(true);
      assertThat(ingest.get(60, TimeUnit.SECONDS).clean()).isTrue();
      assertThat(count(outageDb, "SELECT count(DISTINCT (sensor_id, timestamp)) FROM sensors_data")).isEqualTo(400);
      assertThat(count(outageDb, "SELECT count(*) FROM sensors_data")).isEqualTo(400);
      assertThat(log.toString()).contains("database unavailable");
      // 20 s of outage: at least one 10-second summary line, its time to the second (was nanoseconds).
      assertThat(log.toString()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  [\\d,]+ messages? \\(");
    }
  }

  /**
   * A broker restart loses nothing of the ingest's persistent session (a broker with persistence,
   * as Debian's mosquitto.conf has it): a running ingest reconnects by itself, and what is published
   * after a restart while the ingest is away is stored once it comes back with its client id. This
   * test's broker, started as root, dropped to the user mosquitto and could not write its
   * persistence file into the test's directory, so it came back without the session; that was
   * taken for a limit of Mosquitto 2.0.11 and written into the README.
   */
  @Test
  void resumesItsPersistentSessionAfterABrokerRestart(@TempDir Path dir) throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    String clientId = "awtest-" + UUID.randomUUID();
    String rows = "SELECT count(*) FROM sensors_data WHERE sensor_id LIKE '" + topic.substring(7) + "%'";
    try (PrivateBroker broker = new PrivateBroker(dir)) {
      Future<MqttIngest.Summary> ingest = start(broker.url(), topic + "/#", clientId, db.database());
      try (Publisher pub = publisher(broker.url())) {
        publishReadings(pub, topic, 0, 50);
      }
      awaitCount(rows, 50);
      broker.restart();
      await(() -> log.toString().contains("reconnected"), "the ingest to reconnect: " + log);
      try (Publisher pub = publisher(broker.url())) {
        publishReadings(pub, topic, 50, 50);
      }
      awaitCount(rows, 100);
      stop.set(true);
      assertThat(ingest.get(60, TimeUnit.SECONDS).clean()).isTrue();

      broker.restart();
      try (Publisher pub = publisher(broker.url())) {
        publishReadings(pub, topic, 100, 50); // nobody is subscribed: only the restored session keeps them
      }
      stop.set(false);
      Future<MqttIngest.Summary> again = start(broker.url(), topic + "/#", clientId, db.database());
      awaitCount(rows, 150);
      stop.set(true);
      assertThat(again.get(60, TimeUnit.SECONDS).clean()).isTrue();
    }
  }

  /**
   * Issue 8: a burst past the 65,535 message ids, with the CLI's batch and window, into a broker
   * without queue or in-flight limits. The publisher waits for every PUBACK: {@code mosquitto_pub -l}
   * (2.0.11) disconnects at the end of its input with most of a large burst still unsent, which looked
   * like an ingest stall.
   */
  @Test
  void takesABurstIntoABrokerWithoutLimits(@TempDir Path dir) throws Exception {
    int messages = 100_000;
    String topic = "awtest/" + UUID.randomUUID();
    try (PrivateBroker broker = new PrivateBroker(dir, "max_inflight_messages 0\nmax_queued_messages 1000000\n")) {
      MqttSettings settings = new MqttSettings(broker.url(), topic + "/#", "awtest-" + UUID.randomUUID(), 1, null, null,
          5000, Duration.ofMillis(200), 20_000);
      Future<MqttIngest.Summary> ingest = start(settings, db.database());
      StringBuilder lines = new StringBuilder();
      String prefix = topic.substring("awtest/".length());
      for (int i = 0; i < messages; i++) {
        lines.append("{\"sensor_id\":\"").append(prefix).append('-').append(i % 10).append("\",\"timestamp\":")
            .append(T0.plusSeconds(i).toEpochMilli()).append(",\"value\":").append(i % 7).append("}\n");
      }
      long t0 = System.nanoTime();
      publishAll(broker.url(), topic + "/x", lines.toString().split("\n"));
      double publishSeconds = (System.nanoTime() - t0) / 1e9;
      String sql = "SELECT count(*) FROM sensors_data WHERE sensor_id LIKE '" + prefix + "%'";
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (db.queryLong(sql) < messages && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(db.queryLong(sql)).as("readings stored; log: %s", log).isEqualTo(messages);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("burst: %d messages published in %.2f s, stored in %.2f s = %.0f/s%n", messages,
          publishSeconds, seconds, messages / seconds);
      stop.set(true);
      assertThat(ingest.get(60, TimeUnit.SECONDS).clean()).isTrue();
    }
  }

  /** Publishes at QoS 1 as fast as the broker's window allows and returns once every PUBACK is in. */
  private static void publishAll(String broker, String topic, String[] payloads) throws Exception {
    try (MqttPublisher c = MqttPublisher.connect(broker, "awtest-pub-" + UUID.randomUUID(), 1_000, 30_000)) {
      for (String p : payloads) {
        c.publish(topic, p.getBytes(StandardCharsets.UTF_8));
      }
      c.flush();
    }
  }

  private Future<MqttIngest.Summary> start(String broker, String filter, String clientId, Database database)
      throws Exception {
    return start(new MqttSettings(broker, filter, clientId, 1, null, null, 500, Duration.ofMillis(100), 1000), database);
  }

  private Future<MqttIngest.Summary> start(MqttSettings settings, Database database) throws Exception {
    return start(settings, database, Clock.systemUTC());
  }

  private Future<MqttIngest.Summary> start(MqttSettings settings, Database database, Clock clock) throws Exception {
    PrintWriter out = new PrintWriter(log, true);
    MqttIngest ingest = new MqttIngest(settings, database, clock, out);
    current = ingest;
    Future<MqttIngest.Summary> f = pool.submit(() -> {
      try (ingest) {
        return ingest.run(stop::get);
      }
    });
    await(ingest::subscribed, "the ingest to subscribe: " + log);
    return f;
  }

  /** {@code count} readings of two sensors named after the topic, one message each. */
  private static void publishReadings(Publisher pub, String topic, int first, int count) throws Exception {
    String prefix = topic.substring("awtest/".length());
    for (int i = first; i < first + count; i++) {
      publish(pub, topic + "/x", "{\"sensor_id\":\"" + prefix + "-" + (i % 2) + "\",\"timestamp\":"
          + T0.plusSeconds(60L * i).toEpochMilli() + ",\"value\":" + (i % 7) + "}");
    }
  }

  /** A QoS 1 publisher on its own connection. */
  private record Publisher(MqttPublisher client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  private static Publisher publisher(String broker) throws Exception {
    return new Publisher(MqttPublisher.connect(broker, "awtest-pub-" + UUID.randomUUID(), 1_000, 30_000));
  }

  /** One QoS 1 message, its PUBACK awaited. */
  private static void publish(Publisher pub, String topic, String payload) throws Exception {
    pub.client().publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    pub.client().flush();
  }

  private void awaitCount(String sql, long expected) throws InterruptedException {
    await(() -> db.queryLong(sql) >= expected, sql + " to reach " + expected + "; log: " + log);
    assertThat(db.queryLong(sql)).isEqualTo(expected);
  }

  private void awaitCount(Database database, String sql, long expected) throws InterruptedException {
    await(() -> countQuietly(database, sql) >= expected, sql + " to reach " + expected + "; log: " + log);
    assertThat(count(database, sql)).isEqualTo(expected);
  }

  private static long countQuietly(Database database, String sql) {
    try {
      return count(database, sql);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static long count(Database database, String sql) {
    return TestDatabase.queryLong(database, sql);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** A Mosquitto of this test's own (persistence in a temporary directory) that it may restart. */
  private static final class PrivateBroker implements AutoCloseable {
    private final Path config;
    private final int port;
    private Process process;

    PrivateBroker(Path dir) throws IOException, InterruptedException {
      this(dir, "");
    }

    PrivateBroker(Path dir, String extraConfig) throws IOException, InterruptedException {
      this.port = freePort();
      this.config = dir.resolve("mosquitto.conf");
      // Mosquitto started as root runs as the user mosquitto: its store must be writable by that user.
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path store = Files.createDirectory(dir.resolve("store"));
      Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\n"
          + "persistence_location " + store + "/\n" + extraConfig);
      startBroker();
    }

    String url() {
      return "tcp://127.0.0.1:" + port;
    }

    void restart() throws IOException, InterruptedException {
      stopBroker();
      startBroker();
    }

    private void startBroker() throws IOException, InterruptedException {
      process = new ProcessBuilder(List.of("mosquitto", "-c", config.toString())).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      await(this::answers, "mosquitto on port " + port);
    }

    private boolean answers() {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private void stopBroker() throws InterruptedException {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      stopBroker();
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
