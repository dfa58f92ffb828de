package com.anomalywatcher.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code ingest mqtt} connects and batches.
 *
 * @param broker {@code tcp://host:port} (or ssl://, ws://, wss://), without credentials
 * @param topicFilter an MQTT topic filter, e.g. {@code plant7/#}
 * @param clientId the session's id: the same id resumes the broker's persistent session
 * @param qos 0 or 1
 * @param username null for none
 * @param password from {@code AW_MQTT_PASSWORD} only, null for none; never printed
 * @param batchMessages messages per commit, >= 1
 * @param batchDelay longest a received message waits for its commit, > 0
 * @param maxUnacknowledged messages held without acknowledgement (the broker's receive maximum
 *     for us), 1..21845: the bound on what a database outage buffers in memory
 */
public record MqttSettings(
    String broker, String topicFilter, String clientId, int qos, String username, char[] password,
    int batchMessages, Duration batchDelay, int maxUnacknowledged) {
  public MqttSettings {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(topicFilter, "topicFilter");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(batchDelay, "batchDelay");
    checkBroker(broker);
    if (topicFilter.isBlank()) {
      throw new IllegalArgumentException("--topic must not be empty");
    }
    checkTopicFilter(topicFilter);
    if (clientId.isBlank() || clientId.length() > 128) {
      throw new IllegalArgumentException("--client-id must be 1..128 characters, got '" + clientId + "'");
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("--qos must be 0 or 1, got " + qos);
    }
    if (batchMessages < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchMessages);
    }
    if (batchDelay.isNegative() || batchDelay.isZero()) {
      throw new IllegalArgumentException("--batch-ms must be > 0, got " + batchDelay.toMillis());
    }
    checkMaxUnacknowledged(maxUnacknowledged);
  }

  /**
   * At most a third of MQTT's 65,535 packet identifiers, so a redelivery is told from a later
   * message with the same identifier and content ({@link DeliveryLedger}).
   */
  static void checkMaxUnacknowledged(int maxUnacknowledged) {
    if (maxUnacknowledged < 1 || maxUnacknowledged > DeliveryLedger.MAX_WINDOW) {
      throw new IllegalArgumentException("--max-pending must be 1.." + DeliveryLedger.MAX_WINDOW
          + " (a third of MQTT's 65535 packet ids, so a redelivery is told from a new message), got "
          + maxUnacknowledged);
    }
  }

  /**
   * Refuses a filter the broker would refuse (MQTT 5, 4.7.1): {@code #} only as the whole last
   * level, {@code +} only as a whole level, no NUL. Paho threw it at subscribe time as an internal
   * error with exit 1.
   */
  static void checkTopicFilter(String topicFilter) {
    String[] levels = topicFilter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean misplacedHash = level.contains("#") && !(level.equals("#") && i == levels.length - 1);
      boolean misplacedPlus = level.contains("+") && !level.equals("+");
      if (misplacedHash || misplacedPlus || level.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("--topic must be an MQTT topic filter (# only as the whole last level,"
            + " + only as a whole level, e.g. plant7/# or plant7/+/temp), got '" + topicFilter + "'");
      }
    }
  }

  /** Refuses what Paho cannot use, and credentials in the URL (they would end up printed). */
  static void checkBroker(String broker) {
    URI uri;
    try {
      uri = new URI(broker);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--broker must be a URL like tcp://HOST:1883, got '" + broker + "'");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("tcp") || scheme.equals("ssl") || scheme.equals("ws") || scheme.equals("wss"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("--broker must be a URL like tcp://HOST:1883, got '" + broker + "'");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "--broker must not carry credentials: use --username and AW_MQTT_PASSWORD (got a URL with user info)");
    }
  }

  @Override
  public String toString() {
    return "MqttSettings[broker=" + broker + ", topic=" + topicFilter + ", clientId=" + clientId + ", qos=" + qos
        + ", username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
  }
}
