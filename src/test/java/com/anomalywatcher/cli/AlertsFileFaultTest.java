package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts file when writing it fails: a full disk (here a file size limit, which fails a write part
 * way the same) or a line an earlier process left unfinished. Each event ends up in the file once,
 * on a line of its own that a JSON-lines reader can read; before, the failed write's first bytes
 * stayed, the retry appended the whole event to them, and that event, marked delivered, was
 * unreadable.
 */
class AlertsFileFaultTest {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final TestDatabase full = TestDatabase.fresh("alerts-file-full");
  @RegisterExtension static final TestDatabase unfinished = TestDatabase.fresh("alerts-file-unfinished");

  @TempDir Path dir;

  @Test
  void aWriteThatFailsPartWayLeavesNoHalfLineAndTheEventGoesOutWholeLater() throws Exception {
    sample(full, "51");
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
    sample(unfinished, "52");
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(file, "{\"kind\":\"spike\",\"ev", StandardCharsets.UTF_8);
    deliverEverything(unfinished, monitorOnce(unfinished, file));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).as("what the crash left stays, on its own line").isEqualTo("{\"kind\":\"spike\",\"ev");
    assertThat(lines).hasSize(outboxKeys(unfinished).size() + 1);
    assertThat(keysOfReadableLines(file)).containsExactlyElementsOf(outboxKeys(unfinished));
  }

  /** Runs {@code monitor --once} in this JVM until its sinks have nothing undelivered. */
  private static void deliverEverything(TestDatabase db, String[] once) {
    int run = 0;
    do {
      StringWriter err = new StringWriter();
      int code = Main.run(once, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isZero();
    } while (++run < 10 && pending(db) > 0);
    assertThat(pending(db)).isZero();
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

  private static void sample(TestDatabase db, String seed) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "24", "--days", "1", "--interval", "1", "--seed", seed,
        "--end", "2026-11-20T00:00:00Z", "--world", "clean", "--anomaly-rate", "0.05", "--db-url", db.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
  }
}
