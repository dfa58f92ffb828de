package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.AlertSinks;
import com.anomalywatcher.monitor.WebhookFormat;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A webhook sink's target shows which URL it delivers to without standing for the URL's secrets:
 * its digits were a plain SHA-256 of the whole URL, password and token included, so whoever read
 * {@code status} or the {@code alert_sinks} table could test guessed passwords offline.
 */
class WebhookTargetSecretTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("webhook-target-secret");

  private static String sha256Digits(String s) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 4);
  }

  @Test
  void theSecretsHashIsNeitherStoredNorPrintedByStatus() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // nobody listens: the event waits, and status lists the sink
    }
    String url = "http://alice:hunter2@127.0.0.1:" + port + "/hook?token=s3cret";
    OutboxStore outbox = new OutboxStore(db.database());
    try (AlertSink sink = AlertSinks.fromOutbox(outbox, AlertSinks.webhook(outbox, "pager", URI.create(url),
        WebhookFormat.JSON, List.of()), Duration.ofHours(24), Clock.systemUTC(), new PrintWriter(new StringWriter()))) {
      Instant opened = Instant.parse("2026-03-01T14:00:00Z");
      AlertRow a = new AlertRow("oven-secret-000001", "oven", "restaurant", opened, null, opened, 0.97, opened,
          AnomalyKind.SPIKE, 312, 180, 205, "°C", "oven-secret-000001: 312 °C — spike");
      new AlertStore(db.database()).commit(List.of(a), List.of(), List.of(new OutboxStore.Event(a.sensorId(), opened,
          "open", "{\"sensor_id\":\"oven-secret-000001\"}", Instant.now())));
    }
    CommandRun status = CommandRun.against(db.jdbcUrl(), "status");
    String sinks = TestDatabase.queryString(db.database(), "SELECT string_agg(s::text, ' ') FROM alert_sinks s");

    assertThat(status.out()).as(status.err()).contains("webhook pager (http://127.0.0.1:" + port + "/hook json #")
        .doesNotContain(sha256Digits(url)).doesNotContain("hunter2").doesNotContain("s3cret");
    assertThat(sinks).contains("webhook pager").doesNotContain(sha256Digits(url)).doesNotContain("hunter2");
  }
}
