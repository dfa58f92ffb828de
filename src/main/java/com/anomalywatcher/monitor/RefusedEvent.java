package com.anomalywatcher.monitor;

import java.io.IOException;

/**
 * The receiver refused this one event for good (a 4xx about the event, such as 400, 409, 413 or
 * 422): sending it again would get the same answer, so {@link OutboxDelivery} sets it aside and
 * goes on with the next one instead of holding every later event behind it.
 */
public final class RefusedEvent extends IOException {
  private final int status;

  /**
   * @param status the receiver's HTTP status
   * @param reason a short, one-line reason (the status and the start of the receiver's answer)
   */
  public RefusedEvent(int status, String reason) {
    super(reason);
    this.status = status;
  }

  /** The receiver's HTTP status. */
  public int status() {
    return status;
  }
}
