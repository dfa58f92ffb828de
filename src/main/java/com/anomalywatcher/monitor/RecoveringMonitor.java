package com.anomalywatcher.monitor;

import com.anomalywatcher.store.DatabaseRetry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs {@link Monitor} cycles through database outages. A cycle that meets an outage is abandoned
 * (what it committed stays committed; the rest is not), and the next attempt starts from a monitor
 * restored from the database, exactly as after a restart, which neither re-alerts nor skips.
 * Owned by one thread; not thread-safe.
 */
public final class RecoveringMonitor {
  private final Supplier<Monitor> factory;
  private final DatabaseRetry retry;
  private Monitor monitor;

  /**
   * @param factory makes a monitor that restores itself from the database (its store, models,
   *     settings and sinks); called again after every outage
   * @param retry reports the outage once and spaces the attempts
   */
  public RecoveringMonitor(Supplier<Monitor> factory, DatabaseRetry retry) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /**
   * Scores everything pending up to now, if the database is there.
   *
   * @return what happened, or empty when the database is unavailable (now or still backing off)
   */
  public Optional<CycleSummary> runOnce() {
    CycleSummary[] result = new CycleSummary[1];
    boolean done = retry.attempt(() -> {
      if (monitor == null) {
        monitor = factory.get();
      }
      try {
        result[0] = monitor.runOnce();
      } catch (RuntimeException e) {
        monitor = null; // its detectors may have learned readings whose checkpoints were not committed
        throw e;
      }
    });
    return done ? Optional.of(result[0]) : Optional.empty();
  }
}
