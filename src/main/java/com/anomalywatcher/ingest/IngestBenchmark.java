package com.anomalywatcher.ingest;

import com.anomalywatcher.mqtt.MqttPublisher;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.SensorPrefixData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code bench ingest}: how many MQTT messages per second one {@code ingest mqtt} connection
 * commits into the database. The ingest's persistent session is opened first and left; seeded
 * readings ({@code {"sensor_id", "timestamp" (epoch ms), "value"}}, one a message, QoS 1) are
 * published while it is away, so the broker holds them; then the ingest starts with the same
 * client id, and the clock runs from its start until the last message is committed and
 * acknowledged. The publisher thus never limits the figure, and the figure includes connecting,
 * parsing, registering the new sensors and every commit. Then it checks that every reading is
 * stored exactly once and deletes what it wrote (sensors {@code aw-bench-ingest-*}).
 */
public final class IngestBenchmark {
  /** Sensor ids of the benchmark's readings start with this; they are deleted afterwards. */
  public static final String SENSOR_PREFIX = "aw-bench-ingest-";
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final int PUBLISH_WINDOW = 2_000;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /**
   * @param broker a broker URL, or null to start a Mosquitto of its own
   * @param messages messages to ingest, >= 1
   * @param warmup messages ingested first, untimed, so the JIT compiler has done its work, >= 0
   * @param sensors distinct sensors among them, >= 1
   * @param seed of the values
   * @param publishers parallel publisher connections that fill the broker before the timed part
   * @param batchMessages the ingest's messages per commit
   * @param maxPending the ingest's receive maximum (messages unacknowledged at once)
   */
  public record Settings(String broker, int messages, int warmup, int sensors, long seed, int publishers,
      int batchMessages, int maxPending) {
    public Settings {
      if (broker != null) {
        MqttSettings.checkBroker(broker);
      }
      if (messages < 1) {
        throw new IllegalArgumentException("--messages must be >= 1, got " + messages);
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
      }
      if (sensors < 1 || sensors > 100_000) {
        throw new IllegalArgumentException("--sensors must be 1..100000, got " + sensors);
      }
      if (publishers < 1 || publishers > 16) {
        throw new IllegalArgumentException("--publishers must be 1..16, got " + publishers);
      }
      if (batchMessages < 1) {
        throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchMessages);
      }
      MqttSettings.checkMaxUnacknowledged(maxPending);
    }
  }

  /**
   * What was measured.
   *
   * @param publishSeconds time to fill the broker (not part of the figure)
   * @param ingestSeconds from the ingest's start to its last commit
   * @param rows readings stored; {@code distinct} of them distinct (sensor, timestamp) pairs
   */
  public record Result(String broker, int messages, int sensors, double publishSeconds, double ingestSeconds,
      long rows, long distinct) {
    public double messagesPerSecond() {
      return messages / ingestSeconds;
    }
  }

  private final Settings settings;
  private final Database db;
  private final PrintWriter progress;

  public IngestBenchmark(Settings settings, Database db, PrintWriter progress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.db = Objects.requireNonNull(db, "db");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Runs it.
   *
   * @throws IllegalStateException when the broker loses messages or the ingest does not finish in 10 minutes
   * @throws MqttException when the broker refuses a connection
   */
  public Result run() throws MqttException, InterruptedException {
    LocalBroker own = settings.broker() == null ? LocalBroker.start() : null;
    try {
      return run(own != null ? own.url() : settings.broker());
    } finally {
      if (own != null) {
        own.close();
      }
    }
  }

  private Result run(String broker) throws MqttException, InterruptedException {
    if (settings.warmup() > 0) {
      say("warming up (the JIT compiler) with %,d messages, not timed", settings.warmup());
      cycle(broker, settings.warmup());
    }
    return cycle(broker, settings.messages());
  }

  /** Fills the broker with {@code messages}, ingests them, checks and deletes them. */
  private Result cycle(String broker, int messages) throws MqttException, InterruptedException {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String topic = "aw-bench/" + run;
    String clientId = "aw-bench-ingest-" + run;
    SensorPrefixData data = new SensorPrefixData(db, SENSOR_PREFIX);
    data.delete("aw-bench/");
    openSession(broker, clientId, topic + "/#");
    say("publishing %,d messages of %,d sensors to %s (QoS 1, %d connections) while the ingest is away",
        messages, settings.sensors(), broker, settings.publishers());
    long p0 = System.nanoTime();
    publish(broker, topic, messages);
    double publishSeconds = (System.nanoTime() - p0) / 1e9;
    say("published in %.1f s; starting the ingest", publishSeconds);
    double ingestSeconds = ingest(broker, clientId, topic + "/#", messages);
    SensorPrefixData.Counts counts = data.count();
    data.delete("aw-bench/");
    closeSession(broker, clientId);
    Result r = new Result(broker, messages, settings.sensors(), publishSeconds, ingestSeconds,
        counts.rows(), counts.distinct());
    if (r.rows() != messages || r.distinct() != messages) {
      throw new IllegalStateException("stored " + r.rows() + " readings (" + r.distinct() + " distinct) of "
          + messages + " published");
    }
    return r;
  }

  /** Connects once with the ingest's client id and subscribes, so the broker keeps what comes meanwhile. */
  private void openSession(String broker, String clientId, String filter) throws MqttException {
    MqttClient c = new MqttClient(broker, clientId, new MemoryPersistence());
    try {
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(3600L);
      c.connect(o);
      c.subscribe(filter, 1);
      c.disconnect();
    } finally {
      c.close();
    }
  }

  /** Ends the ingest's session at the broker (a clean start that expires at once). */
  private static void closeSession(String broker, String clientId) throws MqttException {
    MqttClient c = new MqttClient(broker, clientId, new MemoryPersistence());
    try {
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      c.connect(o);
      c.disconnect();
    } finally {
      c.close();
    }
  }

  private void publish(String broker, String topic, int messages) throws InterruptedException {
    int n = settings.publishers();
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "aw-bench-publisher");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        int part = p;
        parts.add(pool.submit(() -> {
          publishPart(broker, topic, messages, part, n);
          return null;
        }));
      }
      for (Future<?> f : parts) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("publishing failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Messages {@code part, part + stride, ...}: sensor {@code i % sensors}, one reading a second per sensor. */
  private void publishPart(String broker, String topic, int messages, int part, int stride)
      throws MqttException, InterruptedException {
    try (MqttPublisher c = MqttPublisher.connect(broker, "aw-bench-pub-" + UUID.randomUUID(), PUBLISH_WINDOW, 30_000)) {
      SplittableRandom random = new SplittableRandom(settings.seed() * 31 + part);
      for (int i = part; i < messages; i += stride) {
        int sensor = i % settings.sensors();
        long millis = T0.plusSeconds(i / settings.sensors()).toEpochMilli();
        String payload = String.format(Locale.ROOT, "{\"sensor_id\":\"%s%d\",\"timestamp\":%d,\"value\":%.3f}",
            SENSOR_PREFIX, sensor, millis, 20 + sensor % 10 + random.nextDouble());
        c.publish(topic + "/" + SENSOR_PREFIX + sensor, payload.getBytes(StandardCharsets.UTF_8));
      }
      c.flush();
    }
  }

  /** Starts the ingest on the held session and times it until every message is committed. */
  private double ingest(String broker, String clientId, String filter, int messages) throws InterruptedException {
    MqttSettings s = new MqttSettings(broker, filter, clientId, 1, null, null, settings.batchMessages(),
        Duration.ofMillis(200), settings.maxPending());
    StringWriter log = new StringWriter();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "aw-bench-ingest"));
    try (MqttIngest ingest = new MqttIngest(s, db, Clock.systemUTC(), new PrintWriter(log, true))) {
      long t0 = System.nanoTime();
      Future<MqttIngest.Summary> done = thread.submit(() -> ingest.run(stop::get));
      long end = t0 + TIMEOUT.toNanos();
      while (ingest.committedMessages() < messages) {
        if (done.isDone() || System.nanoTime() > end) {
          stop.set(true);
          throw new IllegalStateException("the ingest committed " + ingest.committedMessages() + " of "
              + messages + " messages; its log: " + log.toString().strip());
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      stop.set(true);
      done.get(60, TimeUnit.SECONDS);
      return seconds;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the ingest failed: " + e.getCause() + "; its log: " + log, e);
    } finally {
      stop.set(true);
      thread.shutdown();
      thread.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  private void say(String format, Object... args) {
    progress.printf(Locale.ROOT, format + "%n", args);
    progress.flush();
  }
}
