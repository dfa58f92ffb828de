package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a receiver's answer does to a sink's line: a 4xx about the event sets that event aside (with
 * the status and the receiver's reason) and the events behind it go on; it is sent again only when
 * a user asks. A 4xx about the endpoint (401) and a 429 hold the line, the 429 for as long as its
 * {@code Retry-After} asks. Before, one event the receiver refused held every later event of the
 * sink until it expired (24 h).
 */
class SetAsideDeliveryTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("set-aside-delivery");

  private HttpServer server;
  /** Keys the receiver took, in order. */
  private final List<String> taken = new CopyOnWriteArrayList<>();
  /** Keys of every request, taken or not, in order. */
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private final StringWriter warnings = new StringWriter();
  private final OutboxStore outbox = new OutboxStore(db.database());

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private interface Answer {
    /** Answers one POST (its body given); returns true when it took the event. */
    boolean answer(HttpExchange exchange, String body) throws IOException;
  }

  private AlertTransport receiver(Answer answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      posted.add(key);
      if (answer.answer(exchange, body)) {
        taken.add(key);
      }
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    return AlertSinks.webhook(new OutboxStore(db.database()), "port-" + uri.getPort(), uri, WebhookFormat.JSON, List.of());
  }

  private static boolean take(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
    return true;
  }

  private static boolean refuse(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    return false;
  }

  private OutboxDelivery delivery(AlertTransport transport) {
    return new OutboxDelivery(outbox, transport, Duration.ofHours(24), Clock.systemUTC(),
        new PrintWriter(warnings, true), Duration.ofSeconds(2));
  }

  /** Opens an alert the way the monitor does (alert and outbox event in one transaction); returns its key. */
  private static String open(String sensor, int minute) {
    return OvenSpikes.open(db, sensor, minute);
  }

  @Test
  void anEventRefusedForGoodIsSetAsideAndTheEventsBehindItGoOn() throws Exception {
    AlertTransport webhook = receiver((exchange, body) -> body.contains("oven-bad-000001")
        ? refuse(exchange, 422, "unknown\nsensor kind 'oven'") : take(exchange));
    String first;
    String refused;
    String last;
    try (OutboxDelivery d = delivery(webhook)) {
      first = open("oven-good-000001", 0);
      refused = open("oven-bad-000001", 1);
      last = open("oven-good-000002", 2);
      d.deliver(null);
      await(() -> taken.size() == 2);
    }

    assertThat(taken).containsExactly(first, last);
    assertThat(posted).as("the refused event was tried once, not retried").containsExactly(first, refused, last);
    assertThat(outbox.pending(webhook.sinkName(), 100)).isEmpty();
    List<OutboxStore.SetAside> aside = outbox.setAside(100);
    assertThat(aside).hasSize(1);
    assertThat(aside.get(0).idempotencyKey()).isEqualTo(refused);
    assertThat(aside.get(0).sink()).isEqualTo(webhook.sinkName());
    assertThat(aside.get(0).status()).isEqualTo(422);
    assertThat(aside.get(0).reason()).isEqualTo("HTTP 422: unknown sensor kind 'oven'");
    assertThat(warnings.toString()).contains("refused alert event " + refused + " for good (HTTP 422")
        .contains("alerts --resend " + refused);
    assertThat(outbox.countSetAside()).containsEntry(webhook.sinkName(), 1L);
  }

  @Test
  void aResentEventGoesOutOnceMoreAndLeavesTheSetAsideList() throws Exception {
    boolean[] fixed = {false};
    AlertTransport webhook = receiver((exchange, body) -> !fixed[0] && body.contains("oven-bad-000002")
        ? refuse(exchange, 400, "") : take(exchange));
    String refused;
    try (OutboxDelivery d = delivery(webhook)) {
      refused = open("oven-bad-000002", 10);
      d.deliver(null);
      await(() -> !outbox.setAside(100).isEmpty());
      fixed[0] = true; // the receiver is put right

      assertThat(outbox.resend(List.of("999999-1", refused), Instant.now()))
          .containsExactly(new OutboxStore.Resent(webhook.sinkName(), refused));
      d.deliver(null);
      await(() -> taken.contains(refused));
    }

    assertThat(posted).containsExactly(refused, refused);
    assertThat(outbox.setAside(100)).isEmpty();
    assertThat(outbox.pending(webhook.sinkName(), 100)).isEmpty();
    assertThat(outbox.resend(null, Instant.now())).as("nothing left to re-send").isEmpty();
  }

  /** A re-sent event's expiry counts from the re-send: a day-old event re-sent today is not given up on at once. */
  @Test
  void aResentEventOlderThanTheExpiryIsDeliveredNotExpired() throws Exception {
    AlertTransport webhook = receiver((exchange, body) -> take(exchange));
    String old = open("oven-old-000001", 50);
    outbox.register(webhook.sinkName(), webhook.target(), Instant.now());
    db.execute("UPDATE alert_outbox SET created_at = now() - interval '2 days' WHERE id = (SELECT max(id) FROM alert_outbox)");
    // registered after the event was written: give the sink the event as if it had been there, refused
    db.execute("INSERT INTO alert_pending (sink, outbox_id) SELECT '" + webhook.sinkName() + "', max(id) FROM alert_outbox");
    OutboxStore.Pending p = outbox.pending(webhook.sinkName(), 100).stream()
        .filter(e -> e.idempotencyKey().equals(old)).findFirst().orElseThrow();
    outbox.setAside(p, 1, 400, "HTTP 400", Instant.now().minus(Duration.ofDays(2)));
    outbox.resend(List.of(old), Instant.now());

    try (OutboxDelivery d = delivery(webhook)) {
      d.deliver(null);
      await(() -> taken.contains(old));
    }

    assertThat(warnings.toString()).doesNotContain("expired");
  }

  @Test
  void aRefusalOfTheEndpointHoldsTheLineInsteadOfSettingEveryEventAside() throws Exception {
    AlertTransport webhook = receiver((exchange, body) -> refuse(exchange, 401, "bad token"));
    try (OutboxDelivery d = delivery(webhook)) {
      open("oven-auth-000001", 20);
      open("oven-auth-000002", 21);
      d.deliver(null);
      await(() -> outbox.pending(webhook.sinkName(), 1).stream().anyMatch(p -> p.lastError() != null));
    }

    assertThat(outbox.pending(webhook.sinkName(), 100)).hasSize(2);
    assertThat(outbox.pending(webhook.sinkName(), 1).get(0).lastError()).isEqualTo("HTTP 401: bad token");
    assertThat(outbox.countSetAside()).doesNotContainKey(webhook.sinkName());
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterAsksThenDeliversInOrder() throws Exception {
    int[] answers = {0};
    AlertTransport webhook = receiver((exchange, body) -> {
      if (answers[0]++ == 0) {
        exchange.getResponseHeaders().add("Retry-After", "4");
        return refuse(exchange, 429, "slow down");
      }
      return take(exchange);
    });
    Instant before = Instant.now();
    String first;
    String second;
    try (OutboxDelivery d = delivery(webhook)) {
      first = open("oven-busy-000001", 30);
      second = open("oven-busy-000002", 31);
      d.deliver(null);
      await(() -> outbox.pending(webhook.sinkName(), 1).stream().anyMatch(p -> p.lastError() != null));
      OutboxStore.Pending head = outbox.pending(webhook.sinkName(), 1).get(0);
      assertThat(head.lastError()).isEqualTo("HTTP 429: slow down");
      // not before the 4 s the receiver asked for (the backoff alone says 1 s)
      assertThat(head.nextAttemptAt()).isAfterOrEqualTo(before.plusSeconds(4));
      await(() -> taken.size() == 2);
    }

    assertThat(taken).containsExactly(first, second);
    assertThat(outbox.countSetAside()).doesNotContainKey(webhook.sinkName());
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-03-01T14:00:00Z");
    assertThat(new ReceiverBusy("x", "120").retryAfter(now)).contains(Duration.ofSeconds(120));
    assertThat(new ReceiverBusy("x", "Sun, 01 Mar 2026 14:01:30 GMT").retryAfter(now)).contains(Duration.ofSeconds(90));
    assertThat(new ReceiverBusy("x", "Sun, 01 Mar 2026 13:00:00 GMT").retryAfter(now)).contains(Duration.ZERO);
    assertThat(new ReceiverBusy("x", "soon").retryAfter(now)).isEmpty();
    assertThat(new ReceiverBusy("x", null).retryAfter(now)).isEmpty();
  }
}
