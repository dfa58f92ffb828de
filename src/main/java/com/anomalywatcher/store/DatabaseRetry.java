package com.anomalywatcher.store;

import com.anomalywatcher.metrics.AwMetrics;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rides out a database outage for a long-running loop (generator, monitor, ingest, dashboard): tells
 * an outage (connection refused or lost, server shutting down or starting) from every other failure,
 * says so once ({@code database unavailable since 10:02:13, retrying}) and once more when the
 * database is back, and spaces the attempts with exponential backoff.
 *
 * <p>Two ways to use it: {@link #attempt} never waits (one try if one is due; a loop that must keep
 * its own pace, like a generator buffering readings), {@link #call} waits and retries until the
 * work succeeds or a stop is requested. Failures that are not an outage are rethrown at once.
 * Owned by one thread; not thread-safe.
 */
public final class DatabaseRetry {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Backoff backoff;
  private final Consumer<String> say;
  private final Waiter waiter;
  private Instant downSince;
  /** What the current outage is of: the database, or the service a {@link StoreException} names. */
  private String downService;
  private Instant nextAttempt = Instant.MIN;
  private Duration delay;

  /**
   * Delays between attempts: {@code first}, doubling up to {@code max}.
   *
   * @param first first delay, > 0
   * @param max longest delay, >= first
   */
  public record Backoff(Duration first, Duration max) {
    public Backoff {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(max, "max");
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("backoff must have 0 < first <= max, got " + first + ", " + max);
      }
    }

    /** 1 s, doubling up to 10 s: an outage's end is noticed within 10 s. */
    public static Backoff standard() {
      return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    Duration after(Duration previous) {
      Duration doubled = previous.multipliedBy(2);
      return doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  /** Waits until an instant or a stop request, whichever is first; a test seam. */
  @FunctionalInterface
  public interface Waiter {
    void waitUntil(Instant deadline, BooleanSupplier stop) throws InterruptedException;
  }

  /**
   * @param clock the wall clock the outage is timed with
   * @param say receives the one-line outage and recovery messages
   * @param waiter how {@link #call} waits between attempts
   */
  public DatabaseRetry(Clock clock, Backoff backoff, Consumer<String> say, Waiter waiter) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.say = Objects.requireNonNull(say, "say");
    this.waiter = Objects.requireNonNull(waiter, "waiter");
    this.delay = backoff.first();
  }

  /**
   * Whether a failure means the database cannot be reached now (retry later) rather than a bug,
   * bad data or a missing schema: SQL states of class 08 (connection), 57P01–57P03 (shutdown,
   * crash, starting up), 53300 (too many connections), or the pool's timeout waiting for one.
   */
  public static boolean isUnavailable(Throwable failure) {
    return anyCause(failure, t -> t instanceof SQLTransientConnectionException)
        || hasSqlState(failure, state -> state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03") || state.equals("53300"));
  }

  /** Whether {@code failure} or one of its causes is an SQLException whose SQL state {@code state} accepts. */
  public static boolean hasSqlState(Throwable failure, Predicate<String> state) {
    return anyCause(failure, t -> t instanceof SQLException e && e.getSQLState() != null && state.test(e.getSQLState()));
  }

  private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the last attempt failed for an outage. */
  public boolean isDown() {
    return downSince != null;
  }

  /** What the current outage is of ({@code database}, or e.g. {@code MQTT broker at HOST:PORT}), empty while up. */
  public Optional<String> downService() {
    return Optional.ofNullable(downSince == null ? null : downService);
  }

  /** When the current outage was first seen, empty while the database is up. */
  public Optional<Instant> downSince() {
    return Optional.ofNullable(downSince);
  }

  /**
   * Runs {@code work} once if an attempt is due (always while the database is up), without waiting.
   *
   * @return true when the work ran and succeeded, false when the database is unavailable (now or
   *     still backing off)
   * @throws RuntimeException any failure that is not an outage, unchanged
   */
  public boolean attempt(Runnable work) {
    if (downSince != null && clock.instant().isBefore(nextAttempt)) {
      return false;
    }
    if (downSince != null) {
      AwMetrics.databaseRetry();
    }
    try {
      work.run();
    } catch (RuntimeException e) {
      if (!isUnavailable(e)) {
        throw e;
      }
      failed(e);
      return false;
    }
    succeeded();
    return true;
  }

  /**
   * Runs {@code work} until it succeeds, waiting between attempts while the database is unavailable.
   *
   * @return its result, or empty when {@code stop} turned true first
   * @throws RuntimeException any failure that is not an outage, unchanged
   */
  public <T> Optional<T> call(Supplier<T> work, BooleanSupplier stop) throws InterruptedException {
    while (!stop.getAsBoolean()) {
      try {
        T result = work.get();
        succeeded();
        return Optional.of(result);
      } catch (RuntimeException e) {
        if (!isUnavailable(e)) {
          throw e;
        }
        failed(e);
      }
      waiter.waitUntil(nextAttempt, stop);
      AwMetrics.databaseRetry();
    }
    return Optional.empty();
  }

  /** Records an outage seen by work done outside this object, e.g. a skipped optional query. */
  public void noteUnavailable(RuntimeException failure) {
    if (!isUnavailable(failure)) {
      throw failure;
    }
    failed(failure);
  }

  /**
   * What is unreachable, as the messages name it: the service a {@link StoreException} of the
   * failure names (an MQTT broker a generator publishes to), else the database. A dropped broker used
   * to be reported as 'database unavailable', which sent a user to a database that was up.
   */
  private static String serviceOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreException s && s.service().isPresent()) {
        return s.service().get();
      }
    }
    return "database";
  }

  private void failed(Throwable failure) {
    AwMetrics.databaseError();
    Instant now = clock.instant();
    if (downSince == null) {
      downSince = now;
      downService = serviceOf(failure);
      delay = backoff.first();
      say.accept(downService + " unavailable since " + TIME.format(now) + ", retrying");
    } else {
      delay = backoff.after(delay);
    }
    nextAttempt = now.plus(delay);
  }

  private void succeeded() {
    if (downSince != null) {
      Instant now = clock.instant();
      say.accept(downService + " available again at " + TIME.format(now) + " after "
          + Duration.between(downSince, now).toSeconds() + " s");
      downSince = null;
    }
    delay = backoff.first();
  }
}
