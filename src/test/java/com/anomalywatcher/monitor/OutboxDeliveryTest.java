package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.SinkRemoval;
import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery from the outbox: a dead receiver loses nothing (across a restart of the
 * delivery too) and never holds up another sink; each event carries one idempotency key on every
 * attempt; old events expire; the Alertmanager format. Before the outbox, a dead webhook dropped
 * every event at exit and a slow one dropped most of them.
 */
class OutboxDeliveryTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("outbox-delivery");
  private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicBoolean down = new AtomicBoolean(true);
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final StringWriter warnings = new StringWriter();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (down.get()) {
        exchange.sendResponseHeaders(503, -1);
      } else {
        keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
        bodies.add(body);
        exchange.sendResponseHeaders(204, -1);
      }
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private static AlertRow alert(String sensor, int minute, boolean resolved) {
    Instant opened = T0.plusSeconds(60L * minute);
    return new AlertRow(sensor, "oven", "restaurant", opened, resolved ? opened.plusSeconds(600) : null, opened,
        0.97, opened, AnomalyKind.SPIKE, 312, 180, 205, "°C", sensor + ": 312 °C, expected 180–205 °C — spike");
  }

  /** Commits alert changes the way the monitor does: alert, outbox event and all in one transaction. */
  private static void commit(AlertRow a, Instant at) {
    AlertChange change = new AlertChange(a.isOpen() ? AlertChange.Type.OPENED : AlertChange.Type.RESOLVED, a);
    new AlertStore(db.database()).commit(List.of(a), List.of(), List.of(new OutboxStore.Event(a.sensorId(),
        a.openedAt(), a.isOpen() ? "open" : "resolved", AlertJson.of(change), at)));
  }

  /** A webhook sink of its own for each receiver (tests share the database): named by the receiver's port. */
  private static AlertTransport webhook(URI uri) {
    return AlertSinks.webhook(new OutboxStore(db.database()), "port-" + uri.getPort(), uri, WebhookFormat.JSON, List.of());
  }

  private OutboxDelivery delivery(AlertTransport transport, Duration expiry) {
    return new OutboxDelivery(new OutboxStore(db.database()), transport, expiry, Clock.systemUTC(),
        new PrintWriter(warnings, true), Duration.ofSeconds(2));
  }

  /** A delivery whose sink lease ends when a pass leaves it silent for {@code leaseIdleLimit}. */
  private OutboxDelivery leasedDelivery(AlertTransport transport, Duration leaseIdleLimit) {
    return new OutboxDelivery(new OutboxStore(db.database()), transport, Duration.ofHours(24), Clock.systemUTC(),
        new PrintWriter(warnings, true), Duration.ofSeconds(2), leaseIdleLimit);
  }

  @Test
  void deadWebhookLosesNothingAcrossARestartAndNeverHoldsUpTheFile() throws Exception {
    URI uri = receiver();
    Path file = tmp.resolve("alerts.jsonl");
    AlertTransport webhook = webhook(uri);
    AlertTransport lines = AlertSinks.file(file);
    OutboxDelivery toWebhook = delivery(webhook, Duration.ofHours(24));
    OutboxDelivery toFile = delivery(lines, Duration.ofHours(24));
    Instant now = Instant.now();
    commit(alert("oven-restaurant-00000a", 0, false), now);
    commit(alert("oven-restaurant-00000b", 1, false), now);
    commit(alert("oven-restaurant-00000a", 0, true), now);
    toWebhook.deliver(null);
    toFile.deliver(null);

    await(() -> lineCount(file) == 3);
    toWebhook.close(); // the monitor stops while the receiver is still down
    toFile.close();
    assertThat(keys).isEmpty();
    assertThat(warnings.toString()).contains("did not take alert event").contains("3 alert events not yet delivered");
    assertThat(new OutboxStore(db.database()).pending(webhook.sinkName(), 100)).hasSize(3);
    assertThat(new OutboxStore(db.database()).pending(lines.sinkName(), 100)).isEmpty();

    down.set(false);
    try (OutboxDelivery restarted = delivery(webhook(uri), Duration.ofHours(24))) {
      await(() -> keys.size() == 3);
    }
    assertThat(keys).doesNotHaveDuplicates();
    List<String> fileKeys = Files.readAllLines(file).stream().map(l -> read(l).get("idempotency_key").asText()).toList();
    assertThat(keys).containsExactlyElementsOf(fileKeys);
    assertThat(Files.readAllLines(file).get(2)).contains("\"event\":\"resolved\"");
    assertThat(read(bodies.get(2)).get("event").asText()).isEqualTo("resolved");
    assertThat(new OutboxStore(db.database()).pending(webhook.sinkName(), 100)).isEmpty();
  }

  @Test
  void aWebhookNobodyListensOnRecordsWhyNotJustTheExceptionName() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    AlertTransport webhook = webhook(URI.create("http://127.0.0.1:" + port + "/none"));
    OutboxStore outbox = new OutboxStore(db.database());
    try (OutboxDelivery delivery = delivery(webhook, Duration.ofHours(24))) {
      commit(alert("oven-restaurant-0000cc", 30, false), Instant.now());
      delivery.deliver(null);
      await(() -> outbox.pending(webhook.sinkName(), 1).stream().anyMatch(p -> p.lastError() != null));
    }

    String error = outbox.pending(webhook.sinkName(), 1).get(0).lastError();
    assertThat(error).startsWith("ConnectException").isNotEqualTo("ConnectException");
    assertThat(warnings.toString()).contains("(" + error + ")");
  }

  @Test
  void aWebhookWhoseHostDoesNotResolveSaysSoNotThatNothingListens() throws Exception {
    // .invalid never resolves (RFC 2606), whatever the machine's resolver.
    AlertTransport webhook = AlertSinks.webhook(new OutboxStore(db.database()), "unresolvable", URI.create("http://alertmanager.invalid:9093/api/v2/alerts"),
        WebhookFormat.ALERTMANAGER, List.of());
    OutboxStore outbox = new OutboxStore(db.database());
    try (OutboxDelivery delivery = delivery(webhook, Duration.ofHours(24))) {
      commit(alert("oven-restaurant-0000cd", 30, false), Instant.now());
      delivery.deliver(null);
      await(() -> outbox.pending(webhook.sinkName(), 1).stream().anyMatch(p -> p.lastError() != null));
    }

    String error = outbox.pending(webhook.sinkName(), 1).get(0).lastError();
    assertThat(error).isEqualTo("ConnectException: the host name does not resolve (no such host)");
  }

  @Test
  void slowWebhookDropsNothingAtExitAndTheRestGoesOutAfterARestart() throws Exception {
    // The receiver takes the first event at once and holds every later one until the delivery has
    // closed: the close is mid-way through the webhook's queue however fast the machine. (A receiver
    // that took 700 ms each left it to the machine's speed: a slow file sink gave the webhook the time
    // for all six before the close.)
    CountDownLatch closed = new CountDownLatch(1);
    AtomicInteger arrived = new AtomicInteger();
    down.set(false);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/slow", exchange -> {
      exchange.getRequestBody().readAllBytes();
      try {
        if (arrived.incrementAndGet() > 1) {
          closed.await(60, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
    Path file = tmp.resolve("slow.jsonl");
    AlertTransport webhook = webhook(uri);
    OutboxDelivery toWebhook = delivery(webhook, Duration.ofHours(24));
    OutboxDelivery toFile = delivery(AlertSinks.file(file), Duration.ofHours(24));
    try {
      for (int i = 0; i < 6; i++) {
        commit(alert("fan-factory-0000" + (10 + i), 100 + i, false), Instant.now());
      }
      toWebhook.deliver(null);
      toFile.deliver(null);

      await(() -> lineCount(file) == 6); // the slow webhook does not hold up the file
      await(() -> arrived.get() == 2); // the first taken, the second held
      toFile.close();
      toWebhook.close(); // mid-way through the webhook's queue
      assertThat(keys).hasSize(1);
      assertThat(new OutboxStore(db.database()).pending(webhook.sinkName(), 100))
          .as("what the receiver did not take stays in the outbox").hasSize(5);
    } finally {
      closed.countDown();
    }
    try (OutboxDelivery restarted = delivery(webhook(uri), Duration.ofHours(24))) {
      await(() -> new java.util.HashSet<>(keys).size() == 6);
    }

    // At least once: a send cut off at exit may have reached the receiver and go again, with the same key.
    assertThat(new java.util.HashSet<>(keys)).hasSize(6);
  }

  /**
   * Two monitors of one database with one webhook, the active one and a standby (each runs the
   * sink's delivery): an event the slow receiver is still taking from one is not sent by the other.
   * The standby's pass sent every event that was due while the receiver answered the active one
   * (with a receiver taking 2 s, 55 posts for 34 events in a 4-minute {@code run} beside a standby).
   */
  @Test
  void aSecondDeliveryOfTheSameSinkNeverSendsWhatTheFirstIsSending() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger arrived = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/held", exchange -> {
      exchange.getRequestBody().readAllBytes();
      keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      arrived.incrementAndGet();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/held");
    AlertTransport webhook = webhook(uri);
    OutboxStore outbox = new OutboxStore(db.database());
    try (OutboxDelivery active = delivery(webhook, Duration.ofHours(24));
        OutboxDelivery standby = delivery(webhook(uri), Duration.ofHours(24))) {
      try {
        commit(alert("oven-restaurant-0000dd", 40, false), Instant.now());
        active.deliver(null);
        await(() -> arrived.get() == 1); // the receiver holds it
        standby.deliver(null);
        try (var other = outbox.deliveryLease(webhook.sinkName(), Duration.ofMinutes(1))) {
          assertThat(other.holdOrTake()).as("the sink is being delivered: nobody else may send its events").isFalse();
        }
      } finally {
        release.countDown();
      }
      await(() -> outbox.countPending(webhook.sinkName()) == 0);
    }

    assertThat(keys).hasSize(1);
  }

  /**
   * A monitor frozen mid-pass (a stopped process, a paused VM, a cut network: here a send that does
   * not return) holds the sink's lease and never speaks on its session again: the server ends the
   * session after the lease's idle limit and the other monitor delivers. The server kept the
   * session, and the lock, until TCP keepalive noticed (two hours; never for a stopped process).
   * Thawed, the frozen one sees the lease gone and stops its pass.
   */
  @Test
  void aFrozenHolderOfTheSinkLeaseDoesNotStopAnotherMonitorDelivering() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch thaw = new CountDownLatch(1);
    String sink = "test sink with a frozen holder";
    AlertTransport stuck = transport(sink, p -> {
      frozen.countDown();
      thaw.await(60, TimeUnit.SECONDS);
      throw new IOException("thawed");
    });
    OutboxStore outbox = new OutboxStore(db.database());
    try (OutboxDelivery holder = leasedDelivery(stuck, Duration.ofSeconds(1))) {
      try {
        commit(alert("oven-restaurant-0000ee", 50, false), Instant.now());
        holder.deliver(null);
        assertThat(frozen.await(30, TimeUnit.SECONDS)).isTrue();
        try (OutboxDelivery other = leasedDelivery(transport(sink, p -> keys.add(p.idempotencyKey())), Duration.ofMinutes(1))) {
          other.deliver(null);
          await(() -> keys.size() == 1);
        }
      } finally {
        thaw.countDown();
      }
      await(() -> warnings.toString().contains("the delivery lease of " + sink + " ended mid-pass"));
    }
    assertThat(outbox.pending(sink, 100)).isEmpty();
    assertThat(keys).hasSize(1);
  }

  /**
   * A holder frozen after it read the sink's line and before it sent the head (here in its clock,
   * which it asks whether the head's retry is due) loses the lease meanwhile, and another monitor
   * with the same receiver delivers the event. Thawed, it must not send that event again: before, it
   * checked the lease only after each send, so the receiver got the event twice.
   */
  @Test
  void aHolderThawedMidPassSendsNothingTheOtherMonitorDelivered() throws Exception {
    String sink = "test sink thawed mid-pass";
    OutboxStore outbox = new OutboxStore(db.database());
    AlertTransport sending = transport(sink, p -> keys.add(p.idempotencyKey()));
    outbox.register(sink, sending.target(), Instant.now());
    commit(alert("oven-restaurant-0000ef", 55, false), Instant.now());
    // a retry due now: the holder asks its clock about it after it read the line, before it sends
    OutboxStore.Pending head = outbox.pending(sink, 1).get(0);
    outbox.failed(head, 1, Instant.now().minusSeconds(60), "an earlier failure");
    CountDownLatch frozen = new CountDownLatch(1);
    CountDownLatch thaw = new CountDownLatch(1);
    Clock freezing = new Clock() {
      private final AtomicInteger calls = new AtomicInteger();

      @Override
      public Instant instant() {
        if (Thread.currentThread().getName().startsWith("aw-deliver-") && calls.incrementAndGet() == 2) {
          frozen.countDown(); // the pass's second look at the clock: the line is read, the head not yet sent
          try {
            thaw.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Instant.now();
      }

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
    try (OutboxDelivery holder = new OutboxDelivery(outbox, sending, Duration.ofHours(24), freezing,
        new PrintWriter(warnings, true), Duration.ofSeconds(2), Duration.ofSeconds(1))) {
      try {
        assertThat(frozen.await(30, TimeUnit.SECONDS)).isTrue();
        try (OutboxDelivery other = leasedDelivery(sending, Duration.ofMinutes(1))) {
          other.deliver(null);
          await(() -> keys.size() == 1 && outbox.pending(sink, 10).isEmpty());
        }
      } finally {
        thaw.countDown();
      }
      await(() -> warnings.toString().contains("the delivery lease of " + sink + " ended mid-pass"));
    }
    assertThat(keys).as("the receiver got the event once").hasSize(1);
  }

  /**
   * The lease's own connection refused (SQL state 53300: the server's max_connections, here the
   * role's limit) is said once: it was taken for an outage, and delivery stopped without a word
   * while the scoring went on.
   */
  @Test
  void aRefusedLeaseConnectionIsReportedNotTakenForAnOutage() throws Exception {
    String role = db.name() + "_limited";
    db.execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1; GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role
        + "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
    try (Database limited = Database.connect(db.jdbcUrl().replace("user=postgres", "user=" + role), 1)) {
      // The pool's one connection is the role's limit: the lease's own connection is refused.
      String sink = "test sink without a connection";
      try (OutboxDelivery refused = new OutboxDelivery(new OutboxStore(limited), transport(sink, p -> { }),
          Duration.ofHours(1), Clock.systemUTC(), new PrintWriter(warnings, true), Duration.ofSeconds(2))) {
        refused.deliver(null);
        await(() -> warnings.toString().contains(sink + ": the database refuses more connections"));
      }
    } finally {
      db.execute("DROP OWNED BY " + role + "; DROP ROLE " + role);
    }
  }

  private interface Send {
    void to(OutboxStore.Pending event) throws IOException, InterruptedException;
  }

  private static AlertTransport transport(String sink, Send send) {
    return new AlertTransport() {
      @Override
      public String sinkName() {
        return sink;
      }

      @Override
      public void send(OutboxStore.Pending event) throws IOException, InterruptedException {
        send.to(event);
      }
    };
  }

  @Test
  void aSinkForgottenWhileItsMonitorRunsIsRegisteredAgainNotSilentlyStarved() throws Exception {
    Path file = tmp.resolve("forgotten.jsonl");
    AlertTransport lines = AlertSinks.file(file);
    try (OutboxDelivery d = delivery(lines, Duration.ofHours(24))) {
      SinkRemoval removal = new SinkRemoval(db.database());
      await(() -> removal.forget(lines.sinkName()) instanceof SinkRemoval.Forgotten); // between two passes
      d.deliver(null);
      await(() -> warnings.toString().contains(lines.sinkName() + " was forgotten (alerts --forget-sink)"));
      commit(alert("oven-restaurant-00000f", 40, false), Instant.now());
      d.deliver(null);
      await(() -> lineCount(file) == 1);
    }
    assertThat(new OutboxStore(db.database()).pending(lines.sinkName(), 100)).isEmpty();
  }

  @Test
  void eventsOlderThanTheExpiryAreGivenUpOnAndSaidSo() throws Exception {
    down.set(true);
    AlertTransport webhook = webhook(receiver());
    try (OutboxDelivery d = delivery(webhook, Duration.ofHours(1))) {
      commit(alert("oven-restaurant-00000c", 30, false), Instant.now().minus(Duration.ofHours(2)));
      d.deliver(null);
      await(() -> warnings.toString().contains("expired undelivered"));
    }
    assertThat(new OutboxStore(db.database()).pending(webhook.sinkName(), 100)).isEmpty();
  }

  @Test
  void alertmanagerFormatCarriesLabelsStartsAtAndEndsAt() throws Exception {
    WebhookTransport t = new WebhookTransport(null, URI.create("http://127.0.0.1:9/x"), WebhookFormat.ALERTMANAGER, List.of(),
        Duration.ofSeconds(1), "test-key");
    AlertRow resolved = alert("oven-restaurant-00000d", 40, true);
    OutboxStore.Pending p = new OutboxStore.Pending(1, t.sinkName(), "17-2", "resolved", resolved.sensorId(),
        AlertJson.of(new AlertChange(AlertChange.Type.RESOLVED, resolved)), T0, 0, null, null);

    JsonNode body = read(t.body(p));

    assertThat(body.isArray()).isTrue();
    JsonNode a = body.get(0);
    assertThat(a.get("labels").get("alertname").asText()).isEqualTo("SensorAnomaly");
    assertThat(a.get("labels").get("sensor_id").asText()).isEqualTo("oven-restaurant-00000d");
    assertThat(a.get("labels").get("kind").asText()).isEqualTo("spike");
    assertThat(a.get("startsAt").asText()).isEqualTo(resolved.openedAt().toString());
    assertThat(a.get("endsAt").asText()).isEqualTo(resolved.resolvedAt().toString());
    assertThat(a.get("annotations").get("idempotency_key").asText()).isEqualTo("17-2");
    assertThat(t.sinkName()).isEqualTo("webhook");
    assertThat(t.target()).startsWith("http://127.0.0.1:9/x alertmanager #");
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(json, e);
    }
  }

  private static long lineCount(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
