package com.anomalywatcher.mqtt;

import java.util.Locale;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The broker answered a QoS 1 publish with an error reason code in its PUBACK (MQTT 5, 3.4.2.1): the
 * connection is fine, the broker did not take the message. Most reasons are refusals that stay until
 * someone changes the broker's configuration or the message ({@link #isPermanent()}); only a quota
 * and a packet identifier in use can clear up by themselves.
 */
public final class PublishRefusedException extends MqttException {
  private static final long serialVersionUID = 1L;
  /** Quota exceeded: an administrative or rate limit, which may free up. */
  private static final int QUOTA_EXCEEDED = 0x97;
  /** Packet identifier in use: a confusion of this session, which a new connection clears. */
  private static final int PACKET_IDENTIFIER_IN_USE = 0x91;
  private final String topic;

  PublishRefusedException(String topic, int reasonCode) {
    super(reasonCode);
    this.topic = topic;
  }

  /** The topic of the refused message. */
  public String topic() {
    return topic;
  }

  /**
   * Whether sending the same message again cannot succeed: not authorised (0x87), topic name
   * invalid (0x90), payload format invalid (0x99), implementation specific (0x83: "valid but the
   * receiver is not willing to accept it"), unspecified (0x80) and any code this does not know.
   * Retrying those would loop forever; a quota (0x97) or a packet identifier in use (0x91) may clear.
   */
  public boolean isPermanent() {
    return getReasonCode() != QUOTA_EXCEEDED && getReasonCode() != PACKET_IDENTIFIER_IN_USE;
  }

  /** The broker's reason as a user reads it: {@code not authorized (0x87)}. */
  public String reason() {
    return String.format(Locale.ROOT, "%s (0x%02X)", name(getReasonCode()), getReasonCode());
  }

  private static String name(int code) {
    return switch (code) {
      case 0x80 -> "unspecified error";
      case 0x83 -> "implementation specific error";
      case 0x87 -> "not authorized";
      case 0x90 -> "topic name invalid";
      case 0x91 -> "packet identifier in use";
      case 0x97 -> "quota exceeded";
      case 0x99 -> "payload format invalid";
      default -> "reason code";
    };
  }

  @Override
  public String getMessage() {
    return "broker refused publishing to " + topic + ": " + reason();
  }
}
