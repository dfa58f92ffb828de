package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The signal that readings were committed. Every batch this program writes to {@code sensors_data}
 * ({@link ReadingWriter}'s COPY and INSERT batches: {@code continuous}, {@code sample}, the MQTT and
 * HTTP ingest, {@code import}) sends a {@code NOTIFY} on {@link #CHANNEL} with its commit; a live
 * monitor listens here and starts its next cycle early instead of waiting out its interval, so a
 * reading is scored within about one cycle of its commit. A foreign writer sends nothing: the
 * monitor's interval still finds its rows.
 *
 * <p>A listener owns one dedicated connection outside the pool ({@code LISTEN} belongs to a
 * session). A lost connection (a database restart) only loses the early wake-ups: it is opened
 * again at most every {@link #RECONNECT_EVERY}, and meanwhile waiting falls back to the deadline.
 * One owner thread; {@link #close()} is idempotent.
 */
public final class ReadingsSignal implements AutoCloseable {
  /** The channel writers notify on after committing readings. */
  static final String CHANNEL = "aw_readings";
  private static final String NOTIFY = "NOTIFY " + CHANNEL;
  private static final String LISTEN = "LISTEN " + CHANNEL;
  /** How often a listener whose connection broke tries to open it again. */
  static final Duration RECONNECT_EVERY = Duration.ofSeconds(30);
  /** Longest single wait on the socket, so a stop request is seen quickly. */
  private static final int SLICE_MILLIS = 100;

  private final Database db;
  private final Clock clock;
  private Connection connection;
  private Instant nextAttempt = Instant.MIN;
  private boolean closed;

  private ReadingsSignal(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Starts listening on a connection of its own; never fails for an unreachable database (it then
   * waits out deadlines until it can listen). The caller closes it; {@code db} stays the caller's.
   */
  public static ReadingsSignal listen(Database db, Clock clock) {
    ReadingsSignal signal = new ReadingsSignal(db, clock);
    signal.connect();
    return signal;
  }

  /**
   * Announces committed readings on {@code c}: inside a transaction the server sends it at the
   * commit (and never after a rollback); in auto-commit, call it after the writing statement.
   */
  static void send(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(NOTIFY);
    }
  }

  /** Whether it listens now (false while its connection is lost). */
  public boolean listening() {
    return connection != null;
  }

  /**
   * Forgets the signals received so far: a cycle about to take its snapshot sees the readings
   * they announced (each was sent after its commit).
   */
  public void clear() {
    if (connection != null) {
      try {
        connection.unwrap(PGConnection.class).getNotifications();
      } catch (SQLException e) {
        drop();
      }
    }
  }

  /**
   * Waits until {@code deadline}, or returns early, not before {@code earliest}, once readings were
   * signalled since the last {@link #clear()} or return; or as soon as {@code stop} is true.
   *
   * @return true when it returned for a signal
   */
  public boolean awaitUntil(Instant earliest, Instant deadline, BooleanSupplier stop) throws InterruptedException {
    boolean signalled = false;
    while (!stop.getAsBoolean()) {
      Instant now = clock.instant();
      if (!now.isBefore(deadline) || (signalled && !now.isBefore(earliest))) {
        return signalled;
      }
      int slice = (int) Math.min(ceilMillis(now, deadline), SLICE_MILLIS);
      if (signalled) {
        Thread.sleep(Math.min(slice, ceilMillis(now, earliest)));
        continue;
      }
      if (connection == null && !now.isBefore(nextAttempt)) {
        connect();
      }
      if (connection == null) {
        Thread.sleep(slice);
        continue;
      }
      signalled = received(slice);
      if (Thread.interrupted()) {
        throw new InterruptedException("waiting for committed readings");
      }
    }
    return false;
  }

  /** Milliseconds from {@code from} to {@code to} (later), rounded up: a wait of them does not end early. */
  private static long ceilMillis(Instant from, Instant to) {
    return (Duration.between(from, to).toNanos() + 999_999) / 1_000_000;
  }

  /** Whether a signal arrives within {@code millis} (> 0); a broken connection is dropped. */
  private boolean received(int millis) {
    try {
      PGNotification[] got = connection.unwrap(PGConnection.class).getNotifications(millis);
      return got != null && got.length > 0;
    } catch (SQLException e) {
      drop();
      return false;
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    nextAttempt = clock.instant().plus(RECONNECT_EVERY);
    Connection c = null;
    try {
      c = DriverManager.getConnection(db.jdbcUrl());
      try (Statement s = c.createStatement()) {
        s.execute(LISTEN);
      }
      connection = c;
    } catch (SQLException e) {
      // Unreachable now: waiting falls back to the deadline, and the next attempt is scheduled.
      Database.closeQuietly(c);
    }
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    Database.closeQuietly(c);
  }

  @Override
  public void close() {
    closed = true;
    drop();
  }
}
