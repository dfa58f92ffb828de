package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts file when writing it fails: a full disk (here a file size limit, which fails a write part
 * way the same), a line an earlier process left unfinished, a monitor killed between writing a line and
 * recording it. Each event ends up in the file once, on a line of its own that a JSON-lines reader can
 * read; before, the failed write's first bytes stayed, the retry appended the whole event to them, and
 * that event, marked delivered, was unreadable; and a kill in that moment wrote the event twice.
 */
class AlertsFileFaultTest {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final TestDatabase full = TestDatabase.fresh("alerts-file-full");
  @RegisterExtension static final TestDatabase unfinished = TestDatabase.fresh("alerts-file-unfinished");
  @RegisterExtension static final TestDatabase killed = TestDatabase.fresh("alerts-file-killed");

  @TempDir Path dir;

  @Test
  void aWriteThatFailsPartWayLeavesNoHalfLineAndTheEventGoesOutWholeLater() throws Exception {
    MonitorProcessTest.sample(full, "51");
    Path file = dir.resolve("alerts.jsonl");
    String[] once = monitorOnce(full, file);
    try (AwProcess p = AwProcess.startWithFileSizeLimit(dir, "monitor-full", 40_000, once)) {
      assertThat(p.awaitExit(LONG)).isZero();
    }
    assertThat(TestDatabase.queryString(full.database(),
        "SELECT string_agg(DISTINCT last_error, ', ') FROM alert_deliveries WHERE delivered_at IS NULL"))
        .as("the file refused an event").contains("File too large");
    assertThat(Files.size(file)).isLessThanOrEqualTo(40_000);
    assertThat(lastByte(file)).as("the file ends with a whole line").isEqualTo((byte) '\n');
    assertThat(keysOfReadableLines(file)).hasSize(Files.readAllLines(file).size());

    deliverEverything(full, once);
    assertThat(Files.readAllLines(file)).as("nothing unreadable, nothing twice").hasSize(outboxKeys(full).size());
    assertThat(keysOfReadableLines(file)).containsExactlyElementsOf(outboxKeys(full));
  }

  @Test
  void aLineLeftUnfinishedByACrashDoesNotSwallowTheNextEvent() throws Exception {
    MonitorProcessTest.sample(unfinished, "52");
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(file, "{\"kind\":\"spike\",\"ev", StandardCharsets.UTF_8);
    deliverEverything(unfinished, monitorOnce(unfinished, file));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).as("what the crash left stays, on its own line").isEqualTo("{\"kind\":\"spike\",\"ev");
    assertThat(lines).hasSize(outboxKeys(unfinished).size() + 1);
    assertThat(keysOfReadableLines(file)).containsExactlyElementsOf(outboxKeys(unfinished));
  }

  /**
   * {@code kill -9} between writing an event's line and recording it delivered (held there by a
   * transaction of the test that locks the event's pending row): the next run sends that event
   * first, and the file already ends with it. Before, it got the line twice.
   */
  @Test
  void anEventWrittenJustBeforeAKillIsNotWrittenAgain() throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    String[] once = monitorOnce(killed, file);
    deliverEverything(killed, once); // registers the file sink: it gets the events written from now on
    MonitorProcessTest.sample(killed, "53");
    run(new String[] {"monitor", "--once", "--models-dir", dir.resolve("models").toString(), "--db-url",
        killed.jdbcUrl()});
    assertThat(pending(killed)).isPositive();
    try (Connection lock = DriverManager.getConnection(killed.jdbcUrl())) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("SELECT 1 FROM alert_pending WHERE outbox_id = (SELECT min(outbox_id) FROM alert_pending) FOR UPDATE");
      }
      try (AwProcess p = AwProcess.start(dir, "monitor-killed", Map.of(), once)) {
        p.await("the first line written", () -> lines(file) > 0, LONG, true);
        p.signal("KILL");
        p.awaitExit(LONG);
      }
      // The killed monitor's statement still waits on the server: ended as the server ends a dead
      // client's session, so it cannot record the delivery once the lock goes
      try (Statement s = lock.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
      }
      lock.rollback();
    }
    assertThat(Files.readAllLines(file)).hasSize(1);

    deliverEverything(killed, once);
    assertThat(keysOfReadableLines(file)).containsExactlyElementsOf(outboxKeys(killed));
  }

  /**
   * Runs {@code monitor --once} in this JVM until its sinks have nothing undelivered. A failed event
   * waits out its backoff (1 s doubling) before a run sends it: each run starts once the head of the
   * line is due, or ten quick runs on a fast machine could all fall inside one backoff.
   */
  private static void deliverEverything(TestDatabase db, String[] once) throws InterruptedException {
    long end = System.nanoTime() + LONG.toNanos();
    do {
      awaitDue(db);
      run(once);
    } while (pending(db) > 0 && System.nanoTime() < end);
    assertThat(pending(db)).isZero();
  }

  /** Sleeps until the latest next attempt of an undelivered event has come (none: at once). */
  private static void awaitDue(TestDatabase db) throws InterruptedException {
    long waitMillis = TestDatabase.queryLong(db.database(), "SELECT coalesce(ceil(extract(epoch FROM"
        + " max(next_attempt_at) - now()) * 1000), 0)::bigint FROM alert_deliveries WHERE delivered_at IS NULL");
    if (waitMillis > 0) {
      Thread.sleep(waitMillis + 100);
    }
  }

  private static void run(String[] args) {
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
  }

  private static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String[] monitorOnce(TestDatabase db, Path file) {
    return new String[] {"monitor", "--once", "--alerts-file", file.toString(), "--models-dir",
        dir.resolve("models").toString(), "--db-url", db.jdbcUrl()};
  }

  /** The idempotency key of every line that reads as JSON, in the file's order; fails on a key seen twice. */
  private static List<String> keysOfReadableLines(Path file) throws IOException {
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      try {
        JsonNode event = JSON.readTree(line);
        keys.add(event.get("idempotency_key").asText());
      } catch (IOException unreadable) {
        // counted by the callers: the file's line count against the keys read
      }
    }
    assertThat(new TreeSet<>(keys)).as("no event twice").hasSameSizeAs(keys);
    return keys;
  }

  private static List<String> outboxKeys(TestDatabase db) {
    return List.of(TestDatabase.queryString(db.database(),
        "SELECT string_agg(alert_id || '-' || change_no, ',' ORDER BY id) FROM alert_outbox").split(","));
  }

  private static long pending(TestDatabase db) {
    return TestDatabase.queryLong(db.database(), "SELECT count(*) FROM alert_pending");
  }

  private static byte lastByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return bytes[bytes.length - 1];
  }
}
