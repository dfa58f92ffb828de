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
   * Delivers the event, carrying its idempotency key, so a receiver can drop a repeat.
   *
   * @throws IOException when the receiver did not take it (retried later)
   */
  void send(OutboxStore.Pending event) throws IOException, InterruptedException;
}
