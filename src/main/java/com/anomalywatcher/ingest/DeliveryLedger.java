package com.anomalywatcher.ingest;

import com.anomalywatcher.store.MqttDeliveryStore.Delivery;
import com.anomalywatcher.store.MqttDeliveryStore.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a QoS 1 message redelivered by the broker the time of receipt its first delivery got, so
 * the readings of a message without a timestamp (and its rejects) come out the same and are skipped
 * as already stored instead of stored again at a new time.
 *
 * <p>A broker redelivers what it holds unacknowledged only when a session resumes, first thing on
 * the new connection, with the packet identifiers of the first deliveries (MQTT 5, 4.4 and 4.6).
 * Identifiers are reused once acknowledged, so an identifier alone does not name a message. A
 * message is taken for a redelivery when it comes before any new message on its connection (one
 * whose rows depend on its time of receipt; the ledger keeps only those), and its identifier, topic
 * and payload (SHA-256) are those of a message first received on an earlier
 * connection among the session's last {@code window} messages, the most a broker redelivers (it
 * holds at most the receive maximum unacknowledged, and everything after a lost acknowledgement is
 * unacknowledged too). The DUP flag would say so outright, but Paho's MQTT 5 client does not pass
 * it on (eclipse-paho/paho.mqtt.java#874: always false).
 *
 * <p>This relies on the broker numbering packets in turn (Mosquitto: 1, 2, ... 65535, 1, ...), so
 * an identifier comes back only 65,535 messages later, beyond the window when it is at most a third
 * of 65,535. A broker that hands out the lowest free identifier instead could give a new message,
 * identical to one acknowledged just before the connection dropped, that one's identifier; it would
 * be taken for a copy and not stored. Owned by the ingest thread.
 */
final class DeliveryLedger {
  /** Largest window: a third of the 65,535 packet identifiers (see the class comment). */
  static final int MAX_WINDOW = 65_535 / 3;

  private final int window;
  private final Map<Integer, Known> byPacketId = new HashMap<>();
  private long lastSeq;
  private int connection = -1;
  /** Whether no new message that the ledger keeps came yet on this connection. */
  private boolean leading;

  /** A first delivery and the connection it came on (0: an earlier run). */
  private record Known(Delivery delivery, int connection) {}

  /**
   * What a message's time of receipt is.
   *
   * @param receivedAt the time its readings and rejects get
   * @param seq its number in the session's order of receipt
   * @param redelivered whether an earlier delivery of it had this time (its rows may be stored)
   */
  record Receipt(Instant receivedAt, long seq, boolean redelivered) {}

  /** A ledger that continues {@code session} (what earlier runs committed). */
  DeliveryLedger(int window, Session session) {
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("window must be 1.." + MAX_WINDOW + ", got " + window);
    }
    this.window = window;
    this.lastSeq = session.lastSeq();
    for (Delivery d : session.recent()) {
      byPacketId.put(d.packetId(), new Known(d, 0));
    }
  }

  /**
   * The receipt of a QoS 1 message that arrived at {@code now} on connection {@code connection}
   * (numbered from 1, never decreasing): the first delivery's time when this is a redelivery of a
   * message the ledger knows, {@code now} otherwise.
   */
  Receipt receive(int packetId, int connection, String topic, byte[] payload, Instant now) {
    if (connection != this.connection) {
      this.connection = connection;
      leading = true;
    }
    Known first = byPacketId.remove(packetId);
    if (leading && first != null && first.connection() < connection && first.delivery().seq() > lastSeq - window
        && Arrays.equals(first.delivery().digest(), digest(topic, payload))) {
      Delivery d = first.delivery();
      // Redelivered once per connection: another message with this identifier now is a new one.
      byPacketId.put(packetId, new Known(d, connection));
      return new Receipt(d.receivedAt(), d.seq(), true);
    }
    // A new message (or one first received before the ledger knew it): what the identifier meant
    // before was acknowledged and is done.
    lastSeq++;
    return new Receipt(now, lastSeq, false);
  }

  /** Keeps a message whose rows depend on its time of receipt; returns what to store. */
  Delivery remember(int packetId, Receipt receipt, String topic, byte[] payload) {
    // A message the ledger needs and did not know is new: redeliveries are over on this connection.
    leading = false;
    Delivery d = new Delivery(packetId, receipt.seq(), digest(topic, payload), receipt.receivedAt());
    byPacketId.put(packetId, new Known(d, connection));
    return d;
  }

  /** The seq of the last message received. */
  long lastSeq() {
    return lastSeq;
  }

  static byte[] digest(String topic, byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(topic.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(payload);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
