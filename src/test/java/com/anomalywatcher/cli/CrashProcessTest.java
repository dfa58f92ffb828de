package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.mqtt.MqttPublisher;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} and restart of {@code continuous}, {@code monitor} and {@code ingest mqtt}, each a
 * process of its own: nothing lost, nothing stored or notified twice, no ground truth beyond the
 * stored readings, and the monitor's alerts and notifications exactly those of an uninterrupted run.
 */
class CrashProcessTest {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final String END = "2026-11-20T00:00:00Z";

  @RegisterExtension static final TestDatabase generated = TestDatabase.fresh("crash-continuous");
  @RegisterExtension static final TestDatabase killed = TestDatabase.fresh("crash-monitor-killed");
  @RegisterExtension static final TestDatabase reference = TestDatabase.fresh("crash-monitor-reference");
  @RegisterExtension static final TestDatabase ingested = TestDatabase.fresh("crash-ingest");

  @TempDir Path dir;

  @Test
  void continuousKilledMidAnomalyLabelsItsGapAndNoAnomalyBeyondItsData() throws Exception {
    String[] args = {"continuous", "--interval", "1", "--sensors", "6", "--seed", "31", "--world", "clean",
        "--anomaly-rate", "0.3", "--db-url", generated.jdbcUrl()};
    try (AwProcess first = AwProcess.start(dir, "continuous-1", Map.of(), args)) {
      first.await("an anomaly in progress after 10 s of readings", () -> count(generated,
          "SELECT count(*) FROM sensors_data") >= 60 && count(generated,
          "SELECT count(*) FROM anomaly_events WHERE end_time > now() + interval '5 seconds'") > 0, LONG, true);
      first.signal("KILL");
      first.awaitExit(LONG);
    }
    // A restart within the second after the last stored reading continues without a gap, leaving
    // nothing to label: wait until the dead generator has missed at least two ticks.
    long deadline = System.nanoTime() + LONG.toNanos();
    while (count(generated, "SELECT count(*) FROM sensors_data WHERE timestamp > now() - interval '3 seconds'") > 0) {
      assertThat(System.nanoTime()).as("the clock passes the last stored reading").isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(run("anomaly", "status", "--db-url", generated.jdbcUrl())).contains("anomalies in progress (0)");

    String[] again = java.util.Arrays.copyOf(args, args.length + 2);
    again[args.length] = "--duration";
    again[args.length + 1] = "15s";
    try (AwProcess second = AwProcess.start(dir, "continuous-2", Map.of(), again)) {
      assertThat(second.awaitExit(LONG)).as(second.output()).isZero();
    }
    assertThat(count(generated, "SELECT count(*) - count(DISTINCT (sensor_id, timestamp)) FROM sensors_data")).isZero();
    assertThat(count(generated, "SELECT count(DISTINCT sensor_id) FROM sensors_data")).isEqualTo(6);
    // The restart labels every second the killed generator did not produce (offline, source 'stopped').
    assertThat(TestDatabase.queryString(generated.database(), GeneratorStopProcessTest.UNLABELLED))
        .as("unlabelled|missing seconds").startsWith("0|").isNotEqualTo("0|0");
    // The kill left one gap per sensor: no episode may reach into it (labels only where there is data).
    assertThat(count(generated, """
        WITH steps AS (SELECT sensor_id, timestamp t, lead(timestamp) OVER (PARTITION BY sensor_id ORDER BY timestamp) nxt
                       FROM sensors_data),
             gap AS (SELECT DISTINCT ON (sensor_id) sensor_id, t, nxt FROM steps WHERE nxt IS NOT NULL
                     ORDER BY sensor_id, nxt - t DESC)
        SELECT count(*) FROM anomaly_events a JOIN gap g USING (sensor_id)
         WHERE a.start_time <= g.t AND a.end_time > g.t + interval '1 second'""")).isZero();
  }

  @Test
  void monitorKilledMidCycleContinuesExactlyLikeAnUninterruptedRun() throws Exception {
    // The realistic world (dropouts, benign events), no trained models: every detector warms up and
    // learns live, the case a replay of recent readings rebuilt worst (633 alerts against 625).
    for (TestDatabase db : new TestDatabase[] {killed, reference}) {
      assertThat(run("sample", "--sensors", "40", "--days", "3", "--interval", "1", "--seed", "41", "--end", END,
          "--db-url", db.jdbcUrl())).contains("rows written");
    }
    run("monitor", "--once", "--models-dir", dir.resolve("reference").toString(), "--db-url", reference.jdbcUrl());

    long readings = count(killed, "SELECT count(*) FROM sensors_data");
    long scoredAtKill;
    try (AwProcess monitor = AwProcess.start(dir, "monitor", Map.of(), "monitor", "--interval", "1h",
        "--models-dir", dir.resolve("killed").toString(), "--db-url", killed.jdbcUrl())) {
      monitor.await("a first chunk committed", () -> count(killed, "SELECT count(*) FROM monitor_checkpoints") > 0,
          LONG, true);
      monitor.signal("KILL");
      monitor.awaitExit(LONG);
      scoredAtKill = count(killed, "SELECT coalesce(sum(scored_count), 0) FROM monitor_checkpoints");
    }
    assertThat(scoredAtKill).as("killed mid-cycle").isPositive().isLessThan(readings);
    assertThat(count(killed, "SELECT count(*) FROM monitor_state")).as("running states saved with the checkpoints")
        .isEqualTo(count(killed, "SELECT count(*) FROM monitor_checkpoints"));
    run("monitor", "--once", "--models-dir", dir.resolve("killed").toString(), "--db-url", killed.jdbcUrl());

    // Every alert and every notification exactly as the uninterrupted run's: same times, peaks,
    // severities, explanations, change numbers and payloads.
    String alerts = "SELECT count(*) || ' alerts ' || coalesce(md5(string_agg(concat_ws('|', sensor_id, kind, opened_at,"
        + " resolved_at, last_anomalous_at, peak_score, peak_at, value, expected_low, expected_high, explanation,"
        + " severity), ',' ORDER BY sensor_id, opened_at)), '') FROM alerts";
    String events = "SELECT count(*) || ' events ' || coalesce(md5(string_agg(concat_ws('|', a.sensor_id, a.opened_at,"
        + " o.change_no, o.event, o.payload::text), ',' ORDER BY a.sensor_id, a.opened_at, o.change_no)), '')"
        + " FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id";
    System.out.println("CrashProcessTest: killed at " + scoredAtKill + " of " + readings + " readings scored; uninterrupted "
        + TestDatabase.queryString(reference.database(), alerts) + ", killed and restarted "
        + TestDatabase.queryString(killed.database(), alerts));
    assertThat(TestDatabase.queryString(reference.database(), alerts)).doesNotStartWith("0 ");
    assertThat(TestDatabase.queryString(killed.database(), alerts))
        .isEqualTo(TestDatabase.queryString(reference.database(), alerts));
    assertThat(TestDatabase.queryString(killed.database(), events))
        .isEqualTo(TestDatabase.queryString(reference.database(), events));
    assertThat(count(killed, "SELECT count(*) - count(DISTINCT (alert_id, change_no)) FROM alert_outbox")).isZero();
    assertThat(count(killed, "SELECT sum(scored_count) FROM monitor_checkpoints")).isEqualTo(readings);
    assertThat(count(killed, """
        SELECT count(*) FROM sensors_data d LEFT JOIN monitor_checkpoints c USING (sensor_id)
        WHERE c.sensor_id IS NULL OR d.timestamp > c.last_scored_at""")).isZero();
  }

  @Test
  void ingestKilledMidStreamStoresEveryMessageOnce() throws Exception {
    String topic = "awtest/" + UUID.randomUUID();
    String prefix = "crash-" + topic.substring(7, 15);
    String client = "awtest-" + UUID.randomUUID();
    int messages = 1500;
    String[] args = {"ingest", "mqtt", "--broker", "tcp://127.0.0.1:1883", "--topic", topic + "/#",
        "--client-id", client, "--batch-size", "50", "--db-url", ingested.jdbcUrl()};
    String stored = "SELECT count(*) FROM sensors_data WHERE sensor_id LIKE '" + prefix + "%'";
    try (AwProcess first = AwProcess.start(dir, "ingest-1", Map.of(), args)) {
      first.awaitOutput("ingesting " + topic, LONG);
      Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
      // About 100 messages a second: the broker queues the few seconds the ingest is down.
      CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publish(topic, prefix, base, messages));
      first.await("a tenth stored", () -> count(ingested, stored) >= messages / 10, LONG, true);
      first.signal("KILL");
      first.awaitExit(LONG);
      try (AwProcess second = AwProcess.start(dir, "ingest-2", Map.of(), args)) {
        publishing.get();
        second.await("every message stored", () -> count(ingested, stored) >= messages, LONG, true);
        second.signal("TERM");
        assertThat(second.awaitExit(LONG)).as(second.output()).isZero();
      }
    }
    assertThat(count(ingested, stored)).isEqualTo(messages);
    assertThat(count(ingested, "SELECT count(DISTINCT (sensor_id, timestamp)) FROM sensors_data WHERE sensor_id LIKE '"
        + prefix + "%'")).isEqualTo(messages);
  }

  private static void publish(String topic, String prefix, Instant base, int messages) {
    try {
      try (MqttPublisher c = MqttPublisher.connect("tcp://127.0.0.1:1883", "awtest-pub-" + UUID.randomUUID(), 1_000,
          30_000)) {
        for (int i = 0; i < messages; i++) {
          c.publish(topic + "/x", ("{\"sensor_id\":\"" + prefix + "-" + (i % 3) + "\",\"timestamp\":"
              + base.plusSeconds(i).toEpochMilli() + ",\"value\":" + (i % 11) + "}").getBytes(StandardCharsets.UTF_8));
          if (i % 10 == 9) {
            c.flush();
            Thread.sleep(100);
          }
        }
        c.flush();
      }
    } catch (Exception e) {
      throw new IllegalStateException("publish to the machine's broker", e);
    }
  }

  private static long count(TestDatabase db, String sql) {
    return TestDatabase.queryLong(db.database(), sql);
  }

  /** Runs a command in this JVM; fails with its output unless it exits 0. */
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(out + "\n" + err).isZero();
    return out.toString();
  }
}
