package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import java.io.IOException;

/**
 * Sends one alert event to one receiver (a webhook, a file); {@link OutboxDelivery} calls it from
 * the sink's own thread and retries what fails. A second implementation per receiver kind.
 */
public interface AlertTransport {
  /**
   * The sink's stable name, stored with its deliveries: what the user configured (the same option,
   * or the same file), so a restart with a corrected address delivers what the sink has left.
   */
  String sinkName();

  /** Where the sink delivers now, as shown to a user (nothing secret): a URL, a file. */
  default String target() {
    return sinkName();
  }

  /**
   * Whether {@code recorded}, a target stored for this sink by an earlier run (or an older version),
   * names the receiver {@link #target()} names: then taking the sink over is no change to report.
   */
  default boolean isTargetOf(String recorded) {
    return recorded.equals(target());
  }

  /**
   * Delivers the event, carrying its idempotency key, so a receiver can drop a repeat.
   *
   * @throws IOException when the receiver did not take it (retried later)
   */
  void send(OutboxStore.Pending event) throws IOException, InterruptedException;
}
