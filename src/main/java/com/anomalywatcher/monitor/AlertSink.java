package com.anomalywatcher.monitor;

/**
 * Where opened, escalated and resolved alerts are delivered (console, JSON-lines file, webhook). Called by the
 * monitor thread after the change is committed; an implementation must not block it for long.
 */
public interface AlertSink extends AutoCloseable {
  /** Delivers one opened, escalated or resolved alert ({@link AlertChange.Type#UPDATED} is never delivered). */
  void deliver(AlertChange change);

  /**
   * A scoring pass has ended (a {@code monitor --once} with its end, or a live cycle): a sink that
   * shows a pass's changes together, in time order (the console), shows them now. Called by the
   * command that runs the passes; a sink that delivers each change at once does nothing.
   */
  default void passEnded() {}

  /** Flushes and releases what the sink owns; idempotent and bounded in time. */
  @Override
  void close();
}
