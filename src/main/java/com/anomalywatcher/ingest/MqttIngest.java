package com.anomalywatcher.ingest;

import static com.anomalywatcher.metrics.Counts.count;
import static com.anomalywatcher.metrics.Counts.rate;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MqttDeliveryStore;
import com.anomalywatcher.store.MqttDeliveryStore.Delivery;
import com.anomalywatcher.store.RejectStore.Reject;
import com.anomalywatcher.store.StoreException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@code ingest mqtt}: subscribes to a topic filter in a persistent session (clean start off) and
 * commits what arrives through an {@link Ingestor} in batches (by size and time). A QoS 1 message
 * is acknowledged to the broker only after its reading (or reject) is committed, so a crash or a
 * database outage loses nothing: the broker redelivers, and re-sent readings are skipped (a message
 * without a timestamp gets the time of receipt of its first delivery again, from a {@link
 * DeliveryLedger} stored before its rows, so it is skipped too instead of stored twice). During an
 * outage it holds at most {@code maxUnacknowledged} messages (the broker stops sending beyond
 * that) and retries with backoff through a {@link DatabaseRetry}, which says once when the database
 * became unavailable and once when it is back; an outage of any length is ridden out.
 *
 * <p>{@link #run} blocks on the caller's thread, which parses what Paho's callback thread queued
 * into batches; a committer thread owns the {@link Ingestor} and commits one batch while the next
 * is parsed (the commit is what limits the rate: see {@code bench ingest}). Closing disconnects.
 */
public final class MqttIngest implements AutoCloseable {
  private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
  private static final long SESSION_EXPIRY_SECONDS = 7 * 24 * 3600L;
  /** The longest a connect, subscribe or disconnect may take before it counts as failed. */
  private static final Duration ACTION_WAIT = Duration.ofSeconds(20);

  private final MqttSettings settings;
  private final Database db;
  private final Clock clock;
  /** Times of receipt, strictly increasing (see {@link ReceiptClock}). */
  private final ReceiptClock receipts;
  private final PrintWriter out;
  private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger connection = new AtomicInteger();
  /** Replaced after a failed reconnect (see {@link Loop#reconnectIfLost}); read by the committer for acks. */
  private volatile MqttClient client;
  private MqttConnectionOptions options;
  /** Set by Paho's thread when the connection drops; the ingest thread reconnects. */
  private final AtomicBoolean lost = new AtomicBoolean();
  private final Totals totals = new Totals();
  private final Totals sinceSummary = new Totals();
  /** Messages committed (and acknowledged) so far, for a caller on another thread. */
  private final AtomicLong committedMessages = new AtomicLong();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  /**
   * Says once when the database becomes unavailable and once when it is back; used by the thread
   * that opens the ingestor, then only by the committer.
   */
  private final DatabaseRetry retry;

  private final MqttDeliveryStore deliveryStore;

  /**
   * A message as Paho handed it over: {@code receivedAt} is the first of {@code items} microseconds
   * reserved for it, item i of an array getting {@code receivedAt} plus i µs.
   */
  private record Incoming(String topic, byte[] payload, int messageId, int qos, int connection, Instant receivedAt,
      int items) {}

  /**
   * Queued by {@link #wake}: no message, only makes the ingest thread's wait for one end at once,
   * so it sees a stop without waiting out its poll (up to 200 ms).
   */
  private static final Incoming WAKE = new Incoming("", new byte[0], -1, -1, -1, Instant.EPOCH, 1);

  /** Running counts for the summary lines. */
  static final class Totals {
    long messages;
    long readings;
    long stored;
    long rejects;
    long sensors;

    void add(int messageCount, Ingestor.Committed c) {
      messages += messageCount;
      readings += c.readings();
      stored += c.stored();
      rejects += c.rejected().size();
      sensors += c.newSensors();
    }

    void reset() {
      messages = readings = stored = rejects = sensors = 0;
    }

    /**
     * The periodic summary line: counts since the last one, and the message rate over the time that
     * actually passed ({@code elapsed}: a summary comes late when a batch waits for the committer).
     * The time is to the second, as plot prints its range: people read this line every 10 s.
     */
    String line(Instant now, Duration elapsed) {
      double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
      return String.format(Locale.ROOT, "%s  %s (%s/s): %s (%,d new), %s, %s",
          now.truncatedTo(ChronoUnit.SECONDS), count(messages, "message"), rate(messages / seconds),
          count(readings, "reading"), stored, count(rejects, "reject"), count(sensors, "new sensor"));
    }
  }

  /** What a run did, for the last line. */
  public record Summary(long messages, long readings, long stored, long rejects, long newSensors, boolean clean) {}

  public MqttIngest(MqttSettings settings, Database db, Clock clock, PrintWriter out) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.receipts = new ReceiptClock(clock);
    this.out = Objects.requireNonNull(out, "out");
    this.deliveryStore = new MqttDeliveryStore(db);
    this.retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), line -> say("%s", line),
        (deadline, stop) -> pause(Duration.between(clock.instant(), deadline), stop));
  }

  /**
   * Connects, then ingests until {@code stop} says so; then commits what it holds and
   * acknowledges it. The stop is seen within 200 ms, or at once when {@link #wake} follows it.
   *
   * @return the totals; {@code clean} is false when the last commit failed (those messages stay
   *     unacknowledged at the broker and come again next time)
   * @throws MqttException when the first connection or subscription fails
   */
  public Summary run(BooleanSupplier stop) throws MqttException {
    try (Ingestor ingestor = openIngestor(stop)) {
      DeliveryLedger ledger = ingestor == null ? null : openLedger(stop);
      if (ledger == null) {
        return new Summary(0, 0, 0, 0, 0, false);
      }
      connect();
      Committer committer = new Committer(ingestor, stop);
      committer.start();
      boolean clean = new Loop(committer, ledger, stop).run();
      return new Summary(totals.messages, totals.readings, totals.stored, totals.rejects, totals.sensors, clean);
    }
  }

  private Ingestor openIngestor(BooleanSupplier stop) {
    try {
      return retry.call(() -> Ingestor.open(db, clock), stop).orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** What earlier runs of this session committed (redeliveries of it get their first time of receipt). */
  private DeliveryLedger openLedger(BooleanSupplier stop) {
    try {
      return retry.call(() -> new DeliveryLedger(settings.maxUnacknowledged(),
          deliveryStore.load(settings.clientId(), settings.maxUnacknowledged())), stop).orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * A client for the session: manual acknowledgements, and a bound on every wait. Paho's connect
   * waits for its token without one otherwise, and after a lost connection it was seen blocked there
   * for good, its new sender thread waiting on the old one (MqttRedeliveryTest, about 1 run in 12).
   */
  private MqttClient newClient() throws MqttException {
    MqttClient c = new MqttClient(settings.broker(), settings.clientId(), new MemoryPersistence());
    c.setManualAcks(true);
    c.setTimeToWait(ACTION_WAIT.toMillis());
    c.setCallback(new Callback());
    return c;
  }

  private void connect() throws MqttException {
    client = newClient();
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
    o.setReceiveMaximum(settings.maxUnacknowledged());
    // Reconnecting is the ingest thread's job (Paho's automatic reconnect did not come back after a
    // broker restart in our tests).
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(30);
    if (settings.username() != null) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
    }
    options = o;
    connection.incrementAndGet();
    client.connect(o);
    client.subscribe(settings.topicFilter(), settings.qos());
    subscribed.set(true);
    say("ingesting %s from %s as client %s (QoS %d, persistent session); Ctrl-C to stop",
        settings.topicFilter(), settings.broker(), settings.clientId(), settings.qos());
  }

  /** Paho's callback thread: queue and return (acknowledgements come from the ingest thread). */
  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // To the microsecond, as the database keeps it: a redelivery given this time from the database
      // must produce the very timestamp its first delivery stored. Never the time of the message
      // before: a burst of timestamp-less readings of one sensor would otherwise lose some. A message
      // that is an array gets a microsecond per item, so its items of one sensor are all stored too.
      byte[] payload = message.getPayload();
      int items = MessageParser.items(payload);
      queue.add(new Incoming(topic, payload, message.getId(), message.getQos(), connection.get(),
          receipts.next(items), items));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      // Acknowledgements of messages from the lost connection are void: the broker redelivers them.
      connection.incrementAndGet();
      lost.set(true);
      say("broker connection lost (%s); reconnecting",
          response.getReasonString() != null ? response.getReasonString() : String.valueOf(response.getException()));
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      say("MQTT error: %s", e.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  /**
   * What the ingest thread hands to the committer: messages (for their acknowledgement), what they
   * became, and the first receipts to store before them (up to the session's seq {@code lastSeq}).
   */
  private record Batch(List<Incoming> messages, List<Draft> drafts, List<Reject> rejects, List<Delivery> deliveries,
      long lastSeq) {}

  /** Tells the committer that no batch follows. */
  private static final Batch LAST = new Batch(List.of(), List.of(), List.of(), List.of(), 0);

  /**
   * The ingest thread's loop: parse what arrives into batches (by size and time) and hand them to
   * the committer, so the next batch is parsed while the previous one is written; reconnect;
   * summarise.
   */
  private final class Loop {
    private final Committer committer;
    private final DeliveryLedger ledger;
    private final BooleanSupplier stop;
    private final MessageParser parser = MessageParser.spacingItems();
    private List<Incoming> messages = new ArrayList<>();
    private List<Draft> drafts = new ArrayList<>();
    private List<Reject> rejects = new ArrayList<>();
    private List<Delivery> deliveries = new ArrayList<>();
    private Instant firstHeldAt;
    private Instant nextSummary;
    /** When the counts of {@link #sinceSummary} began: the rate divides by the time since. */
    private Instant lastSummary;
    private Instant nextReconnect = Instant.MIN;
    private final Backoff reconnectBackoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    Loop(Committer committer, DeliveryLedger ledger, BooleanSupplier stop) {
      this.committer = committer;
      this.ledger = ledger;
      this.stop = stop;
      this.lastSummary = clock.instant();
      this.nextSummary = lastSummary.plus(SUMMARY_EVERY);
    }

    boolean run() {
      List<Incoming> more = new ArrayList<>();
      while (!stop.getAsBoolean() && !committer.failed()) {
        reconnectIfLost();
        Incoming m = poll();
        if (m != null) {
          hold(m);
          more.clear();
          queue.drainTo(more, settings.batchMessages() - messages.size());
          more.forEach(this::hold);
        }
        if (batchDue()) {
          handOver();
        }
        summarise(false);
      }
      List<Incoming> rest = new ArrayList<>();
      queue.drainTo(rest);
      rest.forEach(this::hold);
      if (!messages.isEmpty()) {
        handOver();
      }
      boolean clean = committer.finish();
      summarise(true);
      return clean;
    }

    /** After a lost connection: connect again (same client id, same session) and re-subscribe. */
    private void reconnectIfLost() {
      if (!lost.get() || clock.instant().isBefore(nextReconnect)) {
        return;
      }
      try {
        // Before the connect: the broker resends what it holds right after its CONNACK, and those
        // messages must carry the new connection's number, or their acknowledgements are dropped
        // as void and their slots in the broker's window stay taken for good.
        connection.incrementAndGet();
        client.connect(options);
        lost.set(false);
        // The session normally keeps the subscription; a broker that lost its state does not.
        client.subscribe(settings.topicFilter(), settings.qos());
        reconnectBackoff.reset();
        say("reconnected to %s", settings.broker());
      } catch (MqttException e) {
        Duration wait = reconnectBackoff.next();
        say("reconnect failed (%s); next try in %d ms", e.getMessage(), wait.toMillis());
        nextReconnect = clock.instant().plus(wait);
        renewClient();
      }
    }

    /**
     * A fresh client for the next try: one whose connect failed or timed out may keep a half-started
     * connection that every later connect waits on. The session lives at the broker (same client id),
     * so nothing held is lost; acknowledgements of the old connection's messages are void anyway.
     */
    private void renewClient() {
      MqttClient old = client;
      try {
        client = newClient();
      } catch (MqttException e) {
        say("could not make a new MQTT client (%s); trying the old one again", e.getMessage());
        return;
      }
      // on a thread of its own: closing a client stuck in its connect must not stall this loop
      Thread closer = new Thread(() -> {
        try {
          old.close(true);
        } catch (MqttException e) {
          // A client that cannot close has nothing left to release.
        }
      }, "aw-mqtt-close");
      closer.setDaemon(true);
      closer.start();
    }

    private Incoming poll() {
      long waitMillis = firstHeldAt == null ? 200
          : Math.max(0, Duration.between(clock.instant(), firstHeldAt.plus(settings.batchDelay())).toMillis());
      try {
        return queue.poll(Math.min(waitMillis, 200), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    private void hold(Incoming m) {
      if (m == WAKE) {
        return;
      }
      if (firstHeldAt == null) {
        firstHeldAt = m.receivedAt();
      }
      messages.add(m);
      String payload = new String(m.payload(), StandardCharsets.UTF_8);
      if (m.qos() == 0) {
        parser.parseInto(Arrival.mqtt(m.topic(), payload, m.receivedAt()), drafts, rejects);
        return;
      }
      DeliveryLedger.Receipt r = ledger.receive(m.messageId(), m.connection(), m.topic(), m.payload(), m.receivedAt());
      int draftsBefore = drafts.size();
      int rejectsBefore = rejects.size();
      parser.parseInto(Arrival.mqtt(m.topic(), payload, r.receivedAt(), r.redelivered()), drafts, rejects);
      if (!r.redelivered() && dependsOnReceipt(draftsBefore, rejectsBefore, r.receivedAt(), m.items())) {
        deliveries.add(ledger.remember(m.messageId(), r, m.topic(), m.payload()));
      }
    }

    /**
     * Whether what a message became carries its time of receipt: a reject, or a reading without a
     * timestamp, which got one of the message's {@code items} microseconds from {@code receivedAt} on
     * (item i of an array the i-th: an array whose first item has a timestamp may have later ones without).
     */
    private boolean dependsOnReceipt(int draftsBefore, int rejectsBefore, Instant receivedAt, int items) {
      if (rejects.size() > rejectsBefore) {
        return true;
      }
      Instant end = receivedAt.plus(items, ChronoUnit.MICROS);
      for (int i = draftsBefore; i < drafts.size(); i++) {
        Instant t = drafts.get(i).timestamp();
        if (!t.isBefore(receivedAt) && t.isBefore(end)) {
          return true;
        }
      }
      return false;
    }

    private boolean batchDue() {
      return !messages.isEmpty() && (messages.size() >= settings.batchMessages()
          || !clock.instant().isBefore(firstHeldAt.plus(settings.batchDelay())));
    }

    /** Waits (reconnecting meanwhile) until the committer takes the batch. */
    private void handOver() {
      Batch b = new Batch(messages, drafts, rejects, deliveries, ledger.lastSeq());
      messages = new ArrayList<>();
      drafts = new ArrayList<>();
      rejects = new ArrayList<>();
      deliveries = new ArrayList<>();
      firstHeldAt = null;
      while (!committer.offer(b)) {
        reconnectIfLost();
        summarise(false);
      }
    }

    private void summarise(boolean last) {
      Instant now = clock.instant();
      if (!last && now.isBefore(nextSummary)) {
        return;
      }
      if (!last) {
        synchronized (totals) {
          say("%s", sinceSummary.line(now, Duration.between(lastSummary, now)));
          sinceSummary.reset();
        }
      }
      lastSummary = now;
      nextSummary = now.plus(SUMMARY_EVERY);
    }
  }

  /**
   * The committer thread: owns the {@link Ingestor}, commits each batch (retrying through a
   * database outage; the broker stops sending once {@code maxUnacknowledged} messages wait), then
   * acknowledges its messages. One batch commits while at most one more waits.
   */
  private final class Committer implements Runnable {
    private final Ingestor ingestor;
    private final BooleanSupplier stop;
    private final BlockingQueue<Batch> handoff = new ArrayBlockingQueue<>(1);
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean unclean = new AtomicBoolean();
    private final Thread thread;

    Committer(Ingestor ingestor, BooleanSupplier stop) {
      this.ingestor = ingestor;
      this.stop = stop;
      this.thread = new Thread(this, "aw-ingest-commit");
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /** Queues a batch; false when none could be queued within 100 ms. */
    boolean offer(Batch b) {
      try {
        return handoff.offer(b, 100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unclean.set(true);
        return true;
      }
    }

    /** Whether the committer stopped on an error it cannot retry (the loop then ends). */
    boolean failed() {
      return failed.get();
    }

    /** Commits what is queued and waits for the thread; false when something stayed uncommitted. */
    boolean finish() {
      try {
        while (thread.isAlive() && !handoff.offer(LAST, 100, TimeUnit.MILLISECONDS)) {
          // the committer is busy with the last batches
        }
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return !unclean.get() && !failed.get();
    }

    @Override
    public void run() {
      try {
        while (true) {
          Batch b = handoff.take();
          if (b == LAST) {
            return;
          }
          ingestor.add(b.drafts(), b.rejects());
          if (stop.getAsBoolean() ? commitOnce(b) : commitUntilDone(b)) {
            acknowledge(b.messages());
          }
        }
      } catch (InterruptedException e) {
        unclean.set(true);
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        say("ingest failed: %s", e);
        failed.set(true);
      }
    }

    /**
     * Commits with retries until it succeeds or a stop is asked for (then it tries once more); the
     * batch's messages stay unacknowledged meanwhile, so the broker keeps them.
     */
    private boolean commitUntilDone(Batch b) throws InterruptedException {
      Optional<Boolean> done = retry.call(() -> {
        commit(b);
        return true;
      }, stop);
      return done.isPresent() || commitOnce(b);
    }

    private boolean commitOnce(Batch b) {
      try {
        commit(b);
        return true;
      } catch (StoreException e) {
        say("final commit failed, %d messages stay unacknowledged at the broker: %s",
            ingestor.pending(), e.getMessage());
        unclean.set(true);
        return false;
      }
    }

    /**
     * Stores the batch's first receipts, then its readings and rejects: a receipt stored without its
     * rows only makes a redelivery take the same time, and rows never go in without their receipt.
     */
    private void commit(Batch b) {
      if (settings.qos() > 0) {
        deliveryStore.record(settings.clientId(), b.lastSeq(), b.deliveries());
      }
      Ingestor.Committed c = ingestor.commit();
      synchronized (totals) {
        totals.add(b.messages().size(), c);
        sinceSummary.add(b.messages().size(), c);
      }
    }

    private void acknowledge(List<Incoming> held) {
      int current = connection.get();
      for (Incoming m : held) {
        if (m.qos() > 0 && m.connection() == current) {
          try {
            client.messageArrivedComplete(m.messageId(), m.qos());
          } catch (MqttException e) {
            // Not connected right now: the broker redelivers and the re-sent readings are skipped.
            say("acknowledging message %d failed: %s", m.messageId(), e.getMessage());
          }
        }
      }
      committedMessages.addAndGet(held.size());
    }
  }

  private void say(String format, Object... args) {
    synchronized (out) {
      out.printf(Locale.ROOT, format + "%n", args);
      out.flush();
    }
  }

  /**
   * Makes {@link #run}'s loop look at its stop now instead of after its current wait for a message
   * (up to 200 ms): call it once the stop says yes (a signal handler does). Nothing received is
   * touched: the loop still drains, commits and acknowledges all it holds. Thread-safe; any number
   * of times, also before {@link #run}.
   */
  public void wake() {
    queue.add(WAKE);
  }

  /** Whether the first subscription is in place (messages published from now on reach this ingest); thread-safe. */
  public boolean subscribed() {
    return subscribed.get();
  }

  /** Messages committed so far (readings and rejects stored, acknowledged); thread-safe. */
  public long committedMessages() {
    return committedMessages.get();
  }

  /** Waits up to {@code d} in short steps; false when a stop was asked for meanwhile. */
  private static boolean pause(Duration d, BooleanSupplier stop) {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      if (stop.getAsBoolean()) {
        return false;
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !stop.getAsBoolean();
  }

  /** Disconnects from the broker (waiting at most 5 s). Idempotent. */
  @Override
  public void close() {
    MqttClient c = client;
    client = null;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        c.disconnect(5_000);
      }
    } catch (MqttException e) {
      // Already gone: nothing held is lost, the broker keeps the session.
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // A client that cannot close has nothing left to release.
    }
  }
}
