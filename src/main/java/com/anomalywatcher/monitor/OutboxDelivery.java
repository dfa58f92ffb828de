package com.anomalywatcher.monitor;

import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.OutboxStore.Pending;
import com.anomalywatcher.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one sink's alert events from the outbox on its own thread ({@code aw-deliver-N}), in
 * outbox order (so in order per alert), at least once: each event is retried with backoff (1 s
 * doubling to 1 min, or the receiver's {@code Retry-After}) until the receiver takes it or it is
 * older than the expiry, across restarts (what is left stays in the outbox for the next monitor with
 * the same sink). An event the receiver refuses for good ({@link RefusedEvent}) is set aside, with
 * the receiver's status and reason, and the line goes on: it is never sent again unless a user
 * re-sends it. A dead or slow
 * receiver holds up only its own sink; the scoring only wakes the thread ({@link #deliver}). Each
 * pass holds the sink's delivery lease ({@link MonitorLease#ofSink}): another monitor of the
 * database with the same sink (a standby) delivers between this one's passes, never the same
 * event at the same time. The lease is kept after each event; left silent for longer than a send
 * can take ({@link #LEASE_IDLE_LIMIT}: a frozen process) it ends, and another monitor delivers.
 *
 * <p>A monitor started later with the same sink and another target takes the sink over (the latest
 * configuration wins) for as long as its delivery lives: each delivery holds a claim on its target
 * from start to end ({@link MonitorLease#ofSinkClaim}), and one the sink was taken from takes it
 * back once that claim is free (the other closed, exited or was killed, or was frozen for the
 * lease's idle limit: a heartbeat keeps a live delivery's claim), within a poll, and once its own
 * claim has been held for {@link #RECLAIM_GRACE} (after a database restart, every live delivery has
 * taken its claim again by then).
 *
 * <p>Reports on {@code err}, one line each: the first failure of a streak, recovery, expiries and
 * what is left at close. {@link #close()} stops the thread within {@code closeTimeout}.
 */
public final class OutboxDelivery implements AlertSink {
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  /** The longest wait a receiver's {@code Retry-After} is granted. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  private static final Duration POLL = Duration.ofSeconds(5);
  private static final int BATCH = 100;
  /**
   * How long a pass may leave its lease silent before the server ends it: a webhook's send (5 s to
   * connect, 10 s for the answer) and the outbox's writes, with a margin. A frozen delivery loses
   * its claim on the sink's target after as long (its heartbeat keeps it while it lives).
   */
  static final Duration LEASE_IDLE_LIMIT = Duration.ofSeconds(30);
  /**
   * How long a delivery's claim must have been held without a break before it takes its sink back:
   * a database restart frees every claim, and each delivery's claim heartbeat takes it again within
   * a beat (a sixth of the idle limit: 5 s), whenever its next pass is (a receiver's Retry-After may
   * put that an hour away). Longer than that, so after a restart
   * every live delivery holds its claim again and only a taker that is really gone leaves it free;
   * before, the one the sink was taken from could run its pass first and take the sink back from a
   * live monitor.
   */
  static final Duration RECLAIM_GRACE = POLL.multipliedBy(3);
  /** Tries at taking the claim: its key is held for a moment by another delivery's reclaim statement. */
  private static final int CLAIM_TRIES = 10;
  private static final Duration CLAIM_RETRY = Duration.ofMillis(50);

  private final OutboxStore store;
  private final AlertTransport transport;
  private final Duration expiry;
  private final Clock clock;
  private final PrintWriter err;
  private final Duration closeTimeout;
  private final Object wake = new Object();
  /** Held for each pass; used and closed by the delivery thread only. */
  private final MonitorLease lease;
  /**
   * This delivery's claim on the sink's target, held from its start to its end (then used and
   * closed by the delivery thread only): while it is held, no delivery the sink was taken from
   * takes it back.
   */
  private final MonitorLease claim;
  private final Thread thread;
  /** Set by close: one more pass over what is due, then the thread ends. */
  private volatile boolean closed;
  /** Set when the close timeout is over: the thread ends at once. */
  private volatile boolean stopped;
  private boolean failing;
  /** Whether the database's refusal of more connections was reported (once until a pass runs). */
  private boolean refused;
  private boolean woken;
  /** Whether another monitor's configuration took the sink over (said once until it is ours again). */
  private boolean superseded;
  /** Whether the sink is registered to this delivery's target (not before the claim is held). */
  private boolean registered;

  /**
   * Registers the sink (it receives the events appended from its first registration on) and starts
   * its thread.
   *
   * @param expiry events older than this are given up on (and reported)
   */
  public OutboxDelivery(OutboxStore store, AlertTransport transport, Duration expiry, Clock clock, PrintWriter err,
      Duration closeTimeout) {
    this(store, transport, expiry, clock, err, closeTimeout, LEASE_IDLE_LIMIT);
  }

  /**
   * As above, with the idle limit of the delivery lease and of the claim (see {@link MonitorLease#ofSink}
   * and {@link MonitorLease#ofSinkClaim}).
   */
  OutboxDelivery(OutboxStore store, AlertTransport transport, Duration expiry, Clock clock, PrintWriter err,
      Duration closeTimeout, Duration leaseIdleLimit) {
    this.store = Objects.requireNonNull(store, "store");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.err = Objects.requireNonNull(err, "err");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    this.claim = store.claim(transport.sinkName(), transport.target(), leaseIdleLimit);
    try {
      if (takeClaim()) { // before registering: a target registered is a live delivery's
        register();
      } // else the first pass that holds the claim registers
    } catch (RuntimeException e) {
      claim.close();
      throw e;
    }
    this.lease = store.deliveryLease(transport.sinkName(), leaseIdleLimit);
    this.thread = new Thread(this::run, "aw-deliver-" + transport.sinkName().split(" ")[0]);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Takes this delivery's claim, when the database gives it a connection: refused (max_connections)
   * or away, the scoring goes on, and each pass takes it again and reports why it cannot.
   */
  private boolean takeClaim() {
    try {
      return holdClaim();
    } catch (StoreException e) {
      return false; // the first pass asks again, and says why it could not (see run)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether this delivery holds its claim, taking it again after its session was lost (a database
   * restart), with a few brief tries: another delivery's reclaim statement holds the key for a moment.
   * A claim taken again starts its {@link #RECLAIM_GRACE} over.
   */
  private boolean holdClaim() throws InterruptedException {
    if (claim.keep()) {
      return true;
    }
    for (int i = 0; i < CLAIM_TRIES; i++) {
      if (claim.holdOrTake()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(CLAIM_RETRY.toMillis());
    }
    return false;
  }

  /** Whether the claim has been held without a break for longer than a restart takes to settle. */
  private boolean claimHeldThroughGrace() {
    return claim.keep() && claim.heldFor().compareTo(RECLAIM_GRACE) >= 0;
  }

  /** Registers the sink to this delivery's target (its claim held), saying when that takes it over. */
  private void register() {
    store.register(transport.sinkName(), transport.target(), clock.instant())
        .filter(before -> !transport.isTargetOf(before))
        .ifPresent(before -> report(transport.sinkName() + " now delivers to " + transport.target() + " (before: "
            + before + "): the " + store.countPending(transport.sinkName()) + " alert events it has still to deliver go there"));
    registered = true;
  }

  /** The change is in the outbox already (committed with its alert): wake the thread. */
  @Override
  public void deliver(AlertChange change) {
    synchronized (wake) {
      woken = true;
      wake.notifyAll();
    }
  }

  /** Delivers until closed, with a last pass over what is due when {@link #close()} is called. */
  private void run() {
    try {
      while (!stopped) {
        boolean last = closed;
        Duration pause = POLL;
        try {
          pause = deliverAlone();
          refused = false;
        } catch (StoreException e) {
          if (!DatabaseRetry.isUnavailable(e)) {
            report(transport.sinkName() + ": " + e.getMessage());
          } else if (DatabaseRetry.hasSqlState(e, "53300"::equals) && !refused) {
            refused = true; // not an outage: the scoring goes on while nothing is delivered
            report(transport.sinkName() + ": the database refuses more connections (" + e.getMessage()
                + "): alert events wait in the outbox until one is free (raise max_connections)");
          }
          pause = Duration.ofSeconds(5); // the database is away: the events wait in it
        }
        if (last) {
          return;
        }
        waitFor(pause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } finally {
      lease.close();
      claim.close(); // a delivery the sink was taken from takes it back at its next look
    }
  }

  /**
   * A pass over what is due while no other process delivers this sink: without the lease, an
   * active monitor and its standby both sent each event that was due while a slow receiver
   * answered the other.
   */
  private Duration deliverAlone() throws InterruptedException {
    if (!lease.holdOrTake()) {
      return FIRST_BACKOFF; // another monitor's pass is under way: look again after it
    }
    try {
      if (!holdClaim()) { // again after its session was lost (a database restart)
        return FIRST_BACKOFF; // another delivery's reclaim holds the key: without the claim, nothing is ours
      }
      if (!registered) {
        register();
      }
      return isOursToDeliver() ? deliverDue() : POLL;
    } finally {
      lease.release();
    }
  }

  /**
   * Whether the sink still delivers where this monitor would send: a monitor started later with the
   * same sink and another address took it over (the latest configuration wins), and this one sending
   * its share of the events to the old address would split them between two receivers.
   */
  private boolean isOursToDeliver() {
    Optional<String> registered = store.target(transport.sinkName());
    if (registered.isEmpty()) {
      registerAgain();
      return true;
    }
    String now = registered.get();
    if (!now.equals(transport.target()) && claimHeldThroughGrace()
        && store.reclaim(transport.sinkName(), now, transport.target())) {
      report(transport.sinkName() + " delivers to " + transport.target() + " again: the monitor that took it over"
          + " (to " + now + ") has stopped, and the " + store.countPending(transport.sinkName())
          + " alert events it has still to deliver go here");
      now = transport.target();
    }
    boolean ours = now.equals(transport.target());
    if (!ours && !superseded) {
      report(transport.sinkName() + " now delivers to " + now + " (a monitor started later says so): this one"
          + " sends nothing to " + transport.target() + " (--webhook-name keeps two webhooks apart)");
    }
    superseded = !ours;
    return ours;
  }

  /**
   * A user forgot the sink ({@code alerts --forget-sink}) while this monitor delivers it: without its
   * registration no new event would wait for it, and this monitor would send nothing from now on
   * without a word. It gets the events written from now on (re-registering a sink that is there only
   * records its target again).
   */
  private void registerAgain() {
    store.register(transport.sinkName(), transport.target(), clock.instant());
    report(transport.sinkName() + " was forgotten (alerts --forget-sink) while this monitor delivers it:"
        + " registered again, it gets the alert events written from now on");
  }

  /** Delivers what is due, in order; returns how long to wait before looking again. */
  private Duration deliverDue() throws InterruptedException {
    Instant now = clock.instant();
    int expired = store.expire(transport.sinkName(), now.minus(expiry), now);
    if (expired > 0) {
      report(expired + " alert events for " + transport.sinkName() + " expired undelivered after " + expiry.toHours() + " h");
    }
    List<Pending> due = store.pending(transport.sinkName(), BATCH);
    for (Pending p : due) {
      if (stopped) {
        return Duration.ZERO;
      }
      Instant next = p.nextAttemptAt();
      if (next != null && next.isAfter(clock.instant())) {
        return Duration.between(clock.instant(), next); // the head of the line waits: order per alert
      }
      if (!isOursToDeliver()) {
        return POLL; // taken over mid-pass: a pass begun just before sent the rest to the old address
      }
      // Before the send too: a pass frozen since it read the line (a stopped process) may have lost
      // the lease to another monitor that has delivered this event meanwhile. Asked of the server only
      // when it last answered a while ago: a round trip before every send as well as after it made a
      // loaded machine's --once leave part of a large line to the next run (close's 5 s).
      if (leaseEnded(lease.keepUnlessJustAnswered())) {
        return FIRST_BACKOFF; // another monitor may be delivering: take the lease again first
      }
      boolean taken = attempt(p);
      if (leaseEnded(lease.keep())) {
        return FIRST_BACKOFF;
      }
      if (!taken) {
        return FIRST_BACKOFF; // the head of the line failed: nothing behind it goes first
      }
    }
    return due.size() == BATCH ? Duration.ZERO : POLL;
  }

  /** Whether the pass's lease has ended, given the check's answer (said once per pass): the rest of the line is not this pass's to send. */
  private boolean leaseEnded(boolean kept) {
    if (kept) {
      return false;
    }
    report("the delivery lease of " + transport.sinkName() + " ended mid-pass (a send or the database took"
        + " longer than its idle limit, or the process was stopped): another monitor may send the same events");
    return true;
  }

  /** One attempt at the head of the line; returns whether the line moves on (delivered or set aside). */
  private boolean attempt(Pending p) throws InterruptedException {
    int attempts = p.attempts() + 1;
    try {
      transport.send(p);
    } catch (RefusedEvent e) {
      AwMetrics.deliveryFailure(transport.sinkName());
      store.setAside(p, attempts, e.status(), reason(e), clock.instant());
      report(transport.sinkName() + " refused alert event " + p.idempotencyKey() + " for good (" + reason(e)
          + "): set aside, the events behind it go on; 'alerts --set-aside' lists it, 'alerts --resend "
          + p.idempotencyKey() + "' sends it again");
      return true;
    } catch (IOException | RuntimeException e) {
      AwMetrics.deliveryFailure(transport.sinkName());
      String reason = reason(e);
      store.failed(p, attempts, clock.instant().plus(retryAfter(e, attempts)), reason);
      if (!failing) {
        failing = true;
        report(transport.sinkName() + " (" + transport.target() + ") did not take alert event " + p.idempotencyKey()
            + " (" + reason
            + "): retrying with backoff, nothing is lost");
      }
      return false;
    }
    store.delivered(p, attempts, clock.instant());
    if (failing) {
      failing = false;
      report(transport.sinkName() + " takes alert events again");
    }
    return true;
  }

  /**
   * How long to wait before the next attempt: the backoff (1 s doubling to 1 min), or longer when
   * the receiver asked for it with {@code Retry-After} (at most {@link #MAX_RETRY_AFTER}, so a
   * receiver's mistake cannot park a sink for days).
   */
  private Duration retryAfter(Exception e, int attempts) {
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 6));
    backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    if (e instanceof ReceiverBusy busy) {
      Duration asked = busy.retryAfter(clock.instant()).orElse(Duration.ZERO);
      asked = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
      return asked.compareTo(backoff) > 0 ? asked : backoff;
    }
    return backoff;
  }

  /**
   * Why an attempt failed, in words: the JDK's HTTP client throws a ConnectException without a
   * message when nothing listens, and 'last error: ConnectException' left a user guessing.
   */
  static String reason(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      // A host name that does not resolve (a typo, a name only another network knows) came out as
      // "nothing listens there, or no route to it", which sent the user looking at the receiver.
      if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return e.getClass().getSimpleName() + ": the host name does not resolve (no such host)";
      }
    }
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return e.getClass().getSimpleName() + ": " + c.getMessage();
      }
    }
    return e instanceof java.net.ConnectException
        ? "ConnectException: cannot connect (nothing listens there, or no route to it)"
        : e.getClass().getSimpleName();
  }

  private void waitFor(Duration pause) throws InterruptedException {
    synchronized (wake) {
      if (!woken && !closed && !pause.isZero() && !pause.isNegative()) {
        wake.wait(Math.max(1, pause.toMillis()));
      }
      woken = false;
    }
  }

  private void report(String line) {
    synchronized (err) {
      err.println("warning: " + line);
      err.flush();
    }
  }

  /**
   * Makes a last pass over the events due, then stops the thread (interrupting a send still in
   * flight after {@code closeTimeout}); undelivered events stay in the outbox.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      thread.join(closeTimeout.toMillis());
      if (thread.isAlive()) {
        stopped = true;
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      int left = store.pending(transport.sinkName(), 10_000).size();
      if (left > 0) {
        report(left + " alert events not yet delivered to " + transport.sinkName()
            + ": they stay in the outbox for the next monitor with this sink (alerts --undelivered)");
      }
    } catch (StoreException e) {
      // The database is away: the count cannot be read, the events are safe in it.
    }
  }
}
