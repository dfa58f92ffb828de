package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The check that makes a monitor's writes conditional on still holding the monitor lease it was
 * built under: the lease's epoch (a fencing token, {@code monitor_lease}) as it stood when taken.
 * Run first in each transaction that writes alerts, outbox events, checkpoints or running states, it
 * reads the epoch {@code FOR SHARE}: another monitor's takeover has raised it (the transaction rolls
 * back with {@link LeaseLostException}), or it waits for this transaction to end before raising it
 * and restores itself from what it committed. The transaction's idle limit is set to the lease's, so
 * a writer frozen inside it does not hold the takeover up longer than it holds the lease. Immutable.
 */
public final class MonitorFence {
  /** No check: for writers that are not a leased monitor (tests, tools). */
  public static final MonitorFence NONE = new MonitorFence(0, null);

  /** The epoch, locked against a takeover's increment, with the transaction's idle limit set in the same round trip. */
  private static final String EPOCH = """
      SELECT epoch, set_config('idle_in_transaction_session_timeout', ?, true)
      FROM monitor_lease WHERE id = 1 FOR SHARE""";

  private final long epoch;
  /** How long the transaction may wait on its client before the server ends its session. */
  private final Duration idleLimit;

  MonitorFence(long epoch, Duration idleLimit) {
    this.epoch = epoch;
    this.idleLimit = idleLimit;
  }

  /** The epoch this fence admits (for messages and tests). */
  long epoch() {
    return epoch;
  }

  /**
   * Inside the caller's transaction on {@code c}: returns when the lease is still at this fence's
   * epoch, and throws {@link LeaseLostException} (the caller rolls back) when another monitor took it.
   */
  void check(Connection c) throws SQLException {
    if (this == NONE) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(EPOCH)) {
      s.setString(1, Long.toString(Math.max(1, idleLimit.toMillis())));
      try (ResultSet rs = s.executeQuery()) {
        long now = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
        if (now != epoch) {
          throw new LeaseLostException(epoch, now);
        }
      }
    }
  }
}
