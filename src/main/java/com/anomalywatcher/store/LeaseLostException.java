package com.anomalywatcher.store;

/**
 * A monitor's write was refused because another monitor took the monitor lease since this one was
 * built (it froze or was cut off for longer than the lease's idle limit): nothing of the write was
 * stored. The monitor stands down; its in-memory state is stale.
 */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(long held, long now) {
    super("another monitor took over the monitor lease (epoch " + held + " -> " + now
        + "): this monitor's write was not stored");
  }
}
