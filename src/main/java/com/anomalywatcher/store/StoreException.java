package com.anomalywatcher.store;

/**
 * A database failure at the store boundary, with a one-line message that says what was being done
 * (table, batch, masked URL). The CLI reports it as a runtime failure (exit 1).
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The unreachable service in place of the database ({@link #unavailable}), or null. */
  private final String service;

  /** A failure described by a one-line message. */
  public StoreException(String message) {
    super(message);
    this.service = null;
  }

  /** A failure described by a one-line message, keeping the driver's exception as the cause. */
  public StoreException(String message, Throwable cause) {
    this(message, cause, null);
  }

  private StoreException(String message, Throwable cause, String service) {
    super(message, cause);
    this.service = service;
  }

  /**
   * A failure because the place readings go to is unreachable for now (an MQTT broker in place of
   * the database): {@link DatabaseRetry} holds what it has and retries, as for a database outage,
   * and names {@code service} in its outage messages, so a user looks at the broker, not the database.
   *
   * @param service what is unreachable, as a user would name it: {@code MQTT broker at HOST:PORT}
   */
  public static StoreException unavailable(String service, String message, Throwable cause) {
    return new StoreException(message, new java.sql.SQLTransientConnectionException(message, cause), service);
  }

  /** The unreachable service named by {@link #unavailable}; empty for a database failure. */
  public java.util.Optional<String> service() {
    return java.util.Optional.ofNullable(service);
  }
}
