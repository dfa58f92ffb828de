package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The right to be the one active monitor of a database: a PostgreSQL session advisory lock held
 * on a dedicated connection (outside the pool). The server releases it when the holder's session
 * ends, also when its process is killed, so a standby that keeps asking takes over. A lease lost
 * with its connection (a database restart) is taken again by whoever asks first.
 *
 * <p>While held (from the moment it is asked for), the server also ends the session when nothing was
 * said on it for the lease's idle limit ({@code idle_session_timeout}, PostgreSQL 14+), and a heartbeat thread
 * ({@code aw-monitor-lease}) says something every {@link #BEATS_PER_LIMIT}th of it: a live monitor
 * keeps the lease, a frozen one (a stopped process, a paused VM, a cut network) loses it within the
 * limit instead of when TCP keepalive notices (two hours, or never). Taking the lease raises its
 * epoch, and the monitor built under it writes only through its {@link #fence()}: thawed after a
 * takeover, it finds the epoch moved on and writes nothing ({@link LeaseLostException}). One owner
 * thread besides the heartbeat (the methods that use the connection are synchronized); close is
 * idempotent and stops the heartbeat.
 *
 * <p>{@link #ofSink} is the same kind of lease for delivering one alert sink's events from the
 * outbox, taken for each pass and {@link #release released} after it, with the same idle limit but
 * no heartbeat and no epoch: the pass {@link #keep keeps} it after each event. {@link #ofSinkClaim}
 * is a shared lock with the idle limit and the heartbeat ({@code aw-sink-claim}) but no epoch.
 */
public final class MonitorLease implements AutoCloseable {
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('aw-monitor'))";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('aw-monitor'))";
  private static final String TRY_SINK_LOCK = "SELECT pg_try_advisory_lock(hashtext('aw-alert-sink'), hashtext(?))";
  private static final String SINK_UNLOCK = "SELECT pg_advisory_unlock(hashtext('aw-alert-sink'), hashtext(?))";
  /** A delivery's claim on its sink's target, shared by every live delivery with that target. */
  private static final String TRY_CLAIM = "SELECT pg_try_advisory_lock_shared(hashtext('aw-sink-claim'), hashtext(?))";
  private static final String UNCLAIM = "SELECT pg_advisory_unlock_shared(hashtext('aw-sink-claim'), hashtext(?))";
  /**
   * Taking the claim's lock exclusively, for the statement's transaction only, succeeds exactly when
   * no live delivery holds it; the claim's key is {@link #claimKey}.
   */
  static final String CLAIM_IS_FREE = "pg_try_advisory_xact_lock(hashtext('aw-sink-claim'), hashtext(?))";
  private static final String IDLE_LIMIT = "SELECT set_config('idle_session_timeout', ?, false)";
  private static final String NEXT_EPOCH = "UPDATE monitor_lease SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch";

  /**
   * How long an active monitor may leave its lease's session silent before the server ends it: far
   * more than a heartbeat's period, so only a process that stopped running (or lost its network)
   * loses it; a standby takes over within about this plus its interval.
   */
  public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(30);
  /** Heartbeats per idle limit: a few missed beats (a long GC pause, a loaded machine) keep the lease. */
  static final int BEATS_PER_LIMIT = 6;
  /**
   * How long {@link #close} waits for a heartbeat under way before it ends the session under it, and
   * again after: a beat waits for a server that does not answer (a frozen backend, a cut network) for
   * most of the idle limit (31 s by default, days with a long {@code --lease-timeout}), longer than a
   * stop's 20-second grace.
   */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  /** How long a check of a session that holds no idle-limited lease waits for the server. */
  private static final int CHECK_TIMEOUT_SECONDS = 5;

  private final Database db;
  private final String tryLock;
  private final String unlock;
  /** The lock's second key ({@code null} for the monitor's one-key lock). */
  private final String key;
  private final String what;
  /** How long the holder may leave the session silent, while it holds the lease, before the server ends it. */
  private final Duration idleLimit;
  /** Whether this is the monitor lease: taking it raises the epoch. */
  private final boolean monitor;
  /** The heartbeat thread's name, null when no heartbeat keeps the lease (a sink's delivery lease). */
  private final String heartbeatName;
  /** Volatile so that {@link #close} can end a session a stuck heartbeat holds the lock for. */
  private volatile Connection connection;
  private boolean held;
  /** The epoch this process last took the monitor lease at; 0 before. */
  private long epoch;
  /** Volatile: {@link #close} reads it without the lock a stuck beat holds. */
  private volatile ScheduledExecutorService heartbeat;
  /** Set by {@link #close}: a beat still running takes nothing again. */
  private volatile boolean closing;
  /** When the last statement the server answered on the held lease's session was sent ({@link System#nanoTime}). */
  private long lastAnsweredNanos;
  /** When the lease was last taken ({@link System#nanoTime}); held since, while {@link #held}. */
  private long takenNanos;
  /** Whether the heartbeat takes the lease again when its session was lost (a sink claim: see {@link #beat}). */
  private final boolean retakenByHeartbeat;

  /** A monitor lease not yet asked for, with {@link #DEFAULT_IDLE_LIMIT}; {@code db} stays owned by the caller. */
  public MonitorLease(Database db) {
    this(db, DEFAULT_IDLE_LIMIT);
  }

  /**
   * A monitor lease not yet asked for; {@code db} stays owned by the caller.
   *
   * @param idleLimit a frozen holder loses the lease after this long (> 0; a server before
   *     PostgreSQL 14 keeps it as long as the session)
   */
  public MonitorLease(Database db, Duration idleLimit) {
    this(db, TRY_LOCK, UNLOCK, null, "the monitor lease", requirePositive(idleLimit), true, "aw-monitor-lease", false);
  }

  private static Duration requirePositive(Duration idleLimit) {
    if (idleLimit.isNegative() || idleLimit.isZero()) {
      throw new IllegalArgumentException("idleLimit must be > 0, got " + idleLimit);
    }
    return idleLimit;
  }

  private MonitorLease(Database db, String tryLock, String unlock, String key, String what, Duration idleLimit,
      boolean monitor, String heartbeatName, boolean retakenByHeartbeat) {
    this.db = db;
    this.retakenByHeartbeat = retakenByHeartbeat;
    this.monitor = monitor;
    this.heartbeatName = heartbeatName;
    this.tryLock = tryLock;
    this.unlock = unlock;
    this.key = key;
    this.what = what;
    this.idleLimit = idleLimit;
  }

  /**
   * The right to deliver {@code sink}'s alert events now: two monitors of one database with one sink
   * (the active one and a standby, or one stopping while the next starts) both run its delivery,
   * and without it both sent an event that was due to a slow receiver.
   *
   * @param idleLimit while held, the lease ends by itself when the holder has not {@link #keep kept}
   *     it for this long: more than the longest send, so only a frozen holder loses it
   */
  public static MonitorLease ofSink(Database db, String sink, Duration idleLimit) {
    return new MonitorLease(db, TRY_SINK_LOCK, SINK_UNLOCK, sink, "the delivery lease of " + sink,
        Objects.requireNonNull(idleLimit, "idleLimit"), false, null, false);
  }

  /**
   * A delivery's claim on {@code sink} delivering to {@code target}, held for the delivery's lifetime
   * (shared by every delivery with the same target): while held, the target is a live process's, and
   * a delivery the sink was taken from waits; once the server ends the session (the holder closed,
   * exited or was killed), the claim is free and that delivery takes the sink back (see
   * {@link OutboxStore#reclaim}). {@link #holdOrTake} takes it again after its session was lost.
   *
   * @param idleLimit the server ends the claim's session when nothing was said on it for this long,
   *     and a heartbeat speaks every {@link #BEATS_PER_LIMIT}th of it: a live holder however quiet
   *     keeps the claim, a frozen one (a stopped process, a paused VM, a cut network) loses it within
   *     the limit, not when TCP keepalive notices (two hours), and the sink goes back meanwhile
   */
  public static MonitorLease ofSinkClaim(Database db, String sink, String target, Duration idleLimit) {
    return new MonitorLease(db, TRY_CLAIM, UNCLAIM, claimKey(sink, target), "the claim of " + sink + " on " + target,
        requirePositive(idleLimit), false, "aw-sink-claim", true);
  }

  /** The second key of {@code sink}'s claim on {@code target}. */
  static String claimKey(String sink, String target) {
    return Objects.requireNonNull(sink, "sink") + "\n" + Objects.requireNonNull(target, "target");
  }

  /**
   * Whether this process is the active monitor now: true while it holds the lease, or when it was
   * free and is taken now; false while another monitor holds it.
   *
   * @throws StoreException when the database cannot be reached (see {@link DatabaseRetry})
   */
  public synchronized boolean holdOrTake() {
    if (connection != null && !alive()) {
      closeConnection(); // the session, and the lock with it, is gone
    }
    if (held) {
      return true;
    }
    try {
      if (connection == null) {
        connection = DriverManager.getConnection(db.jdbcUrl());
      }
      lastAnsweredNanos = System.nanoTime();
      // The limit goes on before the lock is asked for, not after it was granted: a holder frozen between
      // the two (a stopped process, a paused VM) kept the lock on a session without a limit, until it
      // thawed or TCP keepalive noticed (two hours), and no other process took the lease meanwhile.
      limitIdleness(true);
      try (PreparedStatement s = statement(tryLock);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        held = rs.getBoolean(1);
      }
      if (!held) {
        limitIdleness(false); // standing by, the session may idle between asks
      } else {
        takenNanos = System.nanoTime();
        if (monitor) {
          epoch = nextEpoch();
        }
        if (heartbeatName != null) {
          startHeartbeat();
        }
      }
      return held;
    } catch (SQLException e) {
      closeConnection();
      throw db.failure("take " + what, e);
    }
  }

  /**
   * Whether the lease is still held, telling the server the holder is alive (its idle limit starts
   * over); false when the server ended the session, after which another process may hold it.
   */
  public synchronized boolean keep() {
    if (held && !alive()) {
      closeConnection(); // the session, and the lock with it, is gone
    }
    return held;
  }

  /**
   * As {@link #keep}, without a round trip when the server answered a statement of the held session less
   * than a sixth of the idle limit ago: the server cannot have ended it for idleness since, so a holder
   * that froze (the case this guards against) is still asked. For a check before each of many sends,
   * right after the check of the send before.
   */
  public synchronized boolean keepUnlessJustAnswered() {
    if (held && System.nanoTime() - lastAnsweredNanos < idleLimit.toNanos() / BEATS_PER_LIMIT) {
      return true;
    }
    return keep();
  }

  /**
   * The epoch this process last took the monitor lease at (0 before): a monitor built at one epoch
   * must not go on after the lease was taken again, since another monitor may have written meanwhile.
   */
  public synchronized long epoch() {
    return epoch;
  }

  /**
   * The check a monitor built now puts in each of its write transactions: they store nothing once
   * another monitor has taken the lease ({@link MonitorFence}). Ask after {@link #holdOrTake} said true.
   */
  public synchronized MonitorFence fence() {
    if (!monitor || epoch == 0) {
      throw new IllegalStateException(what + " was never taken, so there is no epoch to fence writes with");
    }
    return new MonitorFence(epoch, idleLimit);
  }

  /**
   * Raises the epoch on taking the lease. It waits for a write transaction of the previous holder
   * still in flight (it holds the epoch's row {@code FOR SHARE}), so what this monitor restores next
   * includes all the previous one committed.
   */
  private long nextEpoch() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(NEXT_EPOCH);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("monitor_lease has no row: the schema is incomplete", "55000");
      }
      return rs.getLong(1);
    }
  }

  private void startHeartbeat() {
    if (heartbeat != null) {
      return;
    }
    heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, heartbeatName);
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, idleLimit.toMillis() / BEATS_PER_LIMIT);
    heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * How long the lease has been held without a break (since it was last taken); zero while it is not
   * held. Asks nothing of the server: {@link #keep} says whether it is still held.
   */
  public synchronized Duration heldFor() {
    return held ? Duration.ofNanos(System.nanoTime() - takenNanos) : Duration.ZERO;
  }

  /**
   * One heartbeat: a statement on the held lease's session, so its idle limit starts over. A sink
   * claim whose session was lost (a database restart ends every session) is taken again here, within
   * a beat, not at its delivery's next pass: that pass may be an hour away (a receiver's
   * {@code Retry-After}), and meanwhile the delivery the sink was taken from found the claim free and
   * took the sink back from a live monitor. A beat never throws: an exception would end the
   * heartbeat for good, silently.
   */
  private synchronized void beat() {
    try {
      if (closing) {
        return;
      }
      if (!keep() && retakenByHeartbeat && !closing) {
        holdOrTake();
      }
    } catch (RuntimeException e) {
      // the database is away (or refuses a connection): the next beat asks again
    }
  }

  /**
   * Puts the session's idle limit on (while the lock is asked for or held) or off (0: between passes, or
   * standing by, it may idle).
   */
  private void limitIdleness(boolean on) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(IDLE_LIMIT)) {
      s.setString(1, on ? Long.toString(Math.max(1, idleLimit.toMillis())) : "0");
      s.executeQuery().close();
    } catch (SQLException e) {
      if (!"42704".equals(e.getSQLState())) {
        throw e;
      } // a server before PostgreSQL 14 has no such limit: the lease lasts as long as the session
    }
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    if (key != null) {
      s.setString(1, key);
    }
    return s;
  }

  /**
   * Gives the lease up and keeps the connection for the next {@link #holdOrTake}; a failure ends
   * the session instead, and the lock with it.
   */
  public synchronized void release() {
    if (!held || connection == null) {
      return;
    }
    try (PreparedStatement s = statement(unlock);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      held = false;
      limitIdleness(false);
    } catch (SQLException e) {
      closeConnection();
    }
  }

  /**
   * Whether the session still answers. While a lease is held, the check waits until most of the
   * idle limit has gone by since the last statement the server answered ({@link #checkTimeoutSeconds}):
   * a 2-second check gave the lease up at the first slow answer on a loaded machine, well inside a
   * 30-second limit, and the next cycle rebuilt the monitor from the database.
   */
  private boolean alive() {
    long sent = System.nanoTime();
    try {
      if (connection.isValid(checkTimeoutSeconds())) {
        lastAnsweredNanos = sent;
        return true;
      }
      return false;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * How long a check may wait for the server: while a lease is held, until {@code (BEATS_PER_LIMIT
   * - 1) / BEATS_PER_LIMIT} of its idle limit after the last answered statement was sent (the server
   * cannot have ended the session for idleness before then), at least a second; otherwise
   * {@link #CHECK_TIMEOUT_SECONDS}.
   */
  int checkTimeoutSeconds() {
    if (!held) {
      return CHECK_TIMEOUT_SECONDS;
    }
    long deadline = lastAnsweredNanos + idleLimit.toNanos() / BEATS_PER_LIMIT * (BEATS_PER_LIMIT - 1);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
  }

  private void closeConnection() {
    held = false;
    Connection c = connection;
    connection = null;
    Database.closeQuietly(c); // its lock ends with the session
  }

  /**
   * Gives the lease up, so a standby takes over at once: unlocks before ending the session, because
   * the server releases a closed session's locks only when its backend has exited, a moment later.
   */
  @Override
  public void close() {
    closing = true;
    ScheduledExecutorService beats = heartbeat; // not under the lock: a stuck beat holds it
    if (beats != null) {
      beats.shutdownNow();
      if (!terminates(beats)) {
        // the beat waits for a server that does not answer: ending the session under it gives the
        // lease up as ending the process would (the server frees the lock when the session ends, and
        // a successor raises the epoch, so a late write of this monitor is still refused), within
        // the stop's grace instead of after most of the idle limit
        Connection session = connection;
        if (session != null) {
          abort(session);
        }
        terminates(beats);
      }
    }
    synchronized (this) {
      heartbeat = null;
      release(); // before ending the session: see above
      closeConnection();
    }
  }

  /** Whether the heartbeat has ended within {@link #CLOSE_WAIT}. */
  private static boolean terminates(ScheduledExecutorService beats) {
    try {
      return beats.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes the session's socket at once, from outside the thread that waits on it. */
  private static void abort(Connection session) {
    try {
      session.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // already closed: nothing left to end
    }
  }
}
