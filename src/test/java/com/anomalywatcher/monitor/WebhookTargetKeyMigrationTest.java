package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upgrading a database whose webhook targets end with a plain hash of the URL (see {@link WebhookTransport#target}). */
class WebhookTargetKeyMigrationTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("webhook-target-key-migration");
  private final OutboxStore outbox = new OutboxStore(db.database());

  /**
   * Upgrading a database whose webhook target ends with a plain SHA-256 of the whole URL (password
   * and token included) takes those digits off, and the sink's pending events still go to its
   * receiver, without a "now delivers to" as if the URL had changed.
   */
  @Test
  void anUpgradeTakesTheSecretsHashOffAndTheSinkStillDeliversWhatItHad() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      URI uri = URI.create("http://alice:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/hook?token=s3cret");
      String oldDigits = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(uri.toString().getBytes(StandardCharsets.UTF_8)), 0, 4);
      String oldTarget = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook json #" + oldDigits;
      db.execute("INSERT INTO alert_sinks (sink, since_outbox_id, registered_at, target) VALUES ('webhook upgraded',"
          + " (SELECT coalesce(max(id), 0) FROM alert_outbox), now(), '" + oldTarget + "')");
      String waiting = OvenSpikes.open(db, "oven-upgrade-000001", 40);

      try (InputStream sql = getClass().getResourceAsStream("/db/migration/V102__webhook_target_key.sql")) {
        db.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertThat(outbox.target("webhook upgraded")).hasValueSatisfying(t -> assertThat(t).doesNotContain(oldDigits));

      StringWriter warnings = new StringWriter();
      try (OutboxDelivery delivery = new OutboxDelivery(outbox, AlertSinks.webhook(outbox, "upgraded", uri,
          WebhookFormat.JSON, List.of()), Duration.ofHours(24), Clock.systemUTC(), new PrintWriter(warnings, true),
          Duration.ofSeconds(2))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.isEmpty() && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(20); // polling a condition, not timing anything
        }
      }
      assertThat(received).containsExactly(waiting);
      assertThat(keys("webhook upgraded")).isEmpty();
      assertThat(outbox.target("webhook upgraded")).hasValueSatisfying(t -> assertThat(t).doesNotContain(oldDigits));
      assertThat(warnings.toString()).doesNotContain("now delivers to");
    } finally {
      server.stop(0);
    }
  }

  /**
   * A target recorded without its digits (as V102 leaves one) is the webhook's own when scheme, host,
   * port, path and format match; any other record, digits or not, is another target.
   */
  @Test
  void aTargetRecordedWithoutItsDigitsIsTheSameAddress() {
    WebhookTransport hook = new WebhookTransport("upgraded", URI.create("http://bob:pw@127.0.0.1:9/hook?token=t"),
        WebhookFormat.JSON, List.of(), Duration.ofSeconds(5), "key");
    String digits = hook.target().substring(hook.target().lastIndexOf('#') + 1);

    assertThat(hook.target()).isEqualTo("http://127.0.0.1:9/hook json #" + digits);
    assertThat(hook.isTargetOf(hook.target())).isTrue();
    assertThat(hook.isTargetOf("http://127.0.0.1:9/hook json")).isTrue();
    assertThat(hook.isTargetOf("http://127.0.0.1:9/hook json #00000000")).isFalse();
    assertThat(hook.isTargetOf("http://127.0.0.1:9/hook alertmanager")).isFalse();
    assertThat(hook.isTargetOf("http://127.0.0.1:9/other json")).isFalse();
    assertThat(hook.isTargetOf("http://127.0.0.1:9/hook")).isFalse();
  }

  private List<String> keys(String sink) {
    return outbox.pending(sink, 100).stream().map(OutboxStore.Pending::idempotencyKey).toList();
  }
}
