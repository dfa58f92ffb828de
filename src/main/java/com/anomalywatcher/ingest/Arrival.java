package com.anomalywatcher.ingest;

import com.anomalywatcher.store.RejectStore.Identity;
import com.anomalywatcher.store.RejectStore.Reject;
import java.time.Instant;
import java.util.Objects;

/**
 * A message or line as it arrived, before parsing.
 *
 * @param source where it came from: {@code mqtt}, {@code csv}, {@code api}
 * @param origin the MQTT topic, or {@code file:line}
 * @param defaultSensorId the sensor id to use when the payload names none (an MQTT topic's last
 *     level), or null
 * @param payload the text as received
 * @param receivedAt time of receipt: the default timestamp, and what "in the future" is measured from
 * @param identity how its rejects are told from copies stored before: {@code REPEAT} for a repeat
 *     (an MQTT redelivery, a retried request) given its first arrival's time of receipt, {@code
 *     FILE_LINE} for a line of a file
 * @param item the index of this item within the array message it came in (the parser makes each
 *     item an arrival of its own), or {@link Reject#WHOLE} for a whole message or line; its rejects
 *     carry it
 */
public record Arrival(String source, String origin, String defaultSensorId, String payload, Instant receivedAt,
    Identity identity, int item) {
  public Arrival {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(identity, "identity");
    if (item < Reject.WHOLE) {
      throw new IllegalArgumentException("item must be >= 0, or " + Reject.WHOLE + " for a whole message, got " + item);
    }
  }

  /** A whole message or line as it arrived. */
  public Arrival(String source, String origin, String defaultSensorId, String payload, Instant receivedAt,
      Identity identity) {
    this(source, origin, defaultSensorId, payload, receivedAt, identity, Reject.WHOLE);
  }

  /** A first arrival. */
  public Arrival(String source, String origin, String defaultSensorId, String payload, Instant receivedAt) {
    this(source, origin, defaultSensorId, payload, receivedAt, Identity.NEW);
  }

  /** A message received on an MQTT topic; its sensor id defaults to the topic's last level. */
  public static Arrival mqtt(String topic, String payload, Instant receivedAt) {
    return mqtt(topic, payload, receivedAt, false);
  }

  /** {@link #mqtt(String, String, Instant)}, of a redelivery when {@code redelivered}. */
  static Arrival mqtt(String topic, String payload, Instant receivedAt, boolean redelivered) {
    int slash = topic.lastIndexOf('/');
    String last = topic.substring(slash + 1);
    return new Arrival("mqtt", topic, last.isBlank() ? null : last, payload, receivedAt,
        redelivered ? Identity.REPEAT : Identity.NEW);
  }
}
