package com.anomalywatcher.store;

/**
 * A database failure at the store boundary, with a one-line message that says what was being done
 * (table, batch, masked URL). The CLI reports it as a runtime failure (exit 1).
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by a one-line message. */
  public StoreException(String message) {
    super(message);
  }

  /** A failure described by a one-line message, keeping the driver's exception as the cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failure because the place readings go to is unreachable for now (a database, or an MQTT
   * broker in place of one): {@link DatabaseRetry} holds what it has and retries, as for a
   * database outage.
   */
  public static StoreException unavailable(String message, Throwable cause) {
    return new StoreException(message, new java.sql.SQLTransientConnectionException(message, cause));
  }
}
