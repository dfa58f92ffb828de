package com.anomalywatcher.monitor;

import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.LeaseLostException;
import com.anomalywatcher.store.MonitorFence;
import com.anomalywatcher.store.MonitorLease;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs {@link Monitor} cycles as the one active monitor of a database, through database outages.
 *
 * <p>Each cycle first holds or takes the {@link MonitorLease}; while another monitor holds it, this
 * one is a standby: it says so once and scores nothing, and takes over at the first cycle after
 * the active one stops or dies. A cycle that meets an outage is abandoned (what it committed stays
 * committed), and the next one starts from a monitor restored from the database, exactly as after
 * a restart, which neither re-alerts nor skips; so does a standby that takes over.
 *
 * <p>Each monitor is built under the lease's epoch and writes through its fence: one that froze
 * (or was cut off) for longer than the lease's idle limit, while another took over, finds its
 * first write after thawing refused; it says so, drops the monitor (its state is stale) and stands
 * by, having stored and notified nothing more. A lease taken again (after its session was lost)
 * gets a new monitor too, restored from the database, since another may have scored meanwhile.
 * Owned by one thread; not thread-safe. Does not own the lease.
 */
public final class RecoveringMonitor {
  private final Function<MonitorFence, Monitor> factory;
  private final DatabaseRetry retry;
  private final MonitorLease lease;
  private final Consumer<String> say;
  private Monitor monitor;
  /** The lease's epoch {@link #monitor} was built under. */
  private long builtAt;
  private boolean standby;

  /**
   * @param factory makes a monitor that restores itself from the database (its store, models,
   *     settings and sinks) and writes through the given fence; called again after every outage
   *     and every takeover
   * @param retry reports an outage once and spaces the attempts
   * @param lease decides which monitor of the database is active
   * @param say receives the one-line standby and takeover messages
   */
  public RecoveringMonitor(Function<MonitorFence, Monitor> factory, DatabaseRetry retry, MonitorLease lease, Consumer<String> say) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.say = Objects.requireNonNull(say, "say");
  }

  /** Whether another monitor was active at the last cycle. */
  public boolean isStandby() {
    return standby;
  }

  /**
   * Scores everything pending up to now, if this is the active monitor and the database is there.
   *
   * @return what happened, or empty when standing by or when the database is unavailable
   */
  public Optional<CycleSummary> runOnce() {
    return runOnce(() -> false);
  }

  /**
   * As {@link #runOnce()}, ending the cycle early, at a commit, once {@code stop} is true
   * ({@link Monitor#runOnce(TimeProgress, java.util.function.BooleanSupplier)}).
   */
  public Optional<CycleSummary> runOnce(java.util.function.BooleanSupplier stop) {
    CycleSummary[] result = new CycleSummary[1];
    boolean done = retry.attempt(() -> {
      if (!lease.holdOrTake()) {
        monitor = null; // the active one moves the checkpoints on
        if (!standby) {
          say.accept("another monitor is active on this database: standing by, taking over when it stops");
          standby = true;
        }
        return;
      }
      if (standby) {
        say.accept("the active monitor stopped: taking over");
        standby = false;
      }
      if (monitor != null && lease.epoch() != builtAt) {
        monitor = null; // the lease was lost and taken again: another monitor may have written meanwhile
      }
      try {
        if (monitor == null) {
          builtAt = lease.epoch();
          monitor = factory.apply(lease.fence());
        }
        result[0] = monitor.runOnce(TimeProgress.NONE, stop);
      } catch (LeaseLostException e) {
        monitor = null; // stale: the monitor that took over scores from the stored checkpoints
        standby = true;
        say.accept("this monitor was silent longer than its lease allows (frozen or cut off) and another took"
            + " over: nothing more stored or sent, standing by");
      } catch (RuntimeException e) {
        monitor = null; // its detectors may have learned readings whose checkpoints were not committed
        throw e;
      }
    });
    return done ? Optional.ofNullable(result[0]) : Optional.empty();
  }

  /**
   * For a clean stop between cycles: saves every running state the active monitor holds unsaved
   * ({@link Monitor#saveRunningStates()}), so the next start has nothing to replay. Does nothing on
   * a standby, after an outage (the next monitor restores itself anyway) or when the lease is no
   * longer this monitor's; a database error is reported through {@code say}, never retried: what
   * is not saved is replayed at the next start, as after a crash.
   *
   * @return how many states it saved
   */
  public int saveRunningStates() {
    if (monitor == null) {
      return 0;
    }
    try {
      return lease.holdOrTake() && lease.epoch() == builtAt ? monitor.saveRunningStates() : 0;
    } catch (LeaseLostException e) {
      return 0; // another monitor holds the states now
    } catch (RuntimeException e) {
      say.accept("could not save the running states (" + e.getMessage() + "): the next start replays them");
      return 0;
    }
  }
}
