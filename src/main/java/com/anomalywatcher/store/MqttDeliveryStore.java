package com.anomalywatcher.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code mqtt_deliveries} and {@code mqtt_sessions}: per MQTT session (client id) and packet
 * identifier, the time of receipt first given to a QoS 1 message whose readings or rejects depend on
 * it, and how far the session's committed messages go. Thread-safe (stateless over the pool).
 */
public final class MqttDeliveryStore {
  private static final String LAST_SEQ = "SELECT last_seq FROM mqtt_sessions WHERE client_id = ?";
  private static final String RECENT =
      "SELECT packet_id, seq, digest, received_at FROM mqtt_deliveries WHERE client_id = ? AND seq > ?";
  private static final String UPSERT =
      """
      INSERT INTO mqtt_deliveries (client_id, packet_id, seq, digest, received_at)
      SELECT ?, p, s, decode(d, 'hex'), t::timestamptz
        FROM unnest(?::integer[], ?::bigint[], ?::text[], ?::text[]) AS u(p, s, d, t)
      ON CONFLICT (client_id, packet_id) DO UPDATE
        SET seq = EXCLUDED.seq, digest = EXCLUDED.digest, received_at = EXCLUDED.received_at
      """;
  private static final String SESSION =
      """
      INSERT INTO mqtt_sessions (client_id, last_seq) VALUES (?, ?)
      ON CONFLICT (client_id) DO UPDATE SET last_seq = GREATEST(mqtt_sessions.last_seq, EXCLUDED.last_seq)
      """;

  /**
   * The first receipt of one message.
   *
   * @param packetId 1..65535
   * @param seq the message's number in the session's order of receipt
   * @param digest SHA-256 of topic and payload
   * @param receivedAt to the microsecond (what the database keeps)
   */
  public record Delivery(int packetId, long seq, byte[] digest, Instant receivedAt) {
    public Delivery {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(receivedAt, "receivedAt");
      if (receivedAt.getNano() % 1_000 != 0) {
        throw new IllegalArgumentException("receivedAt must be whole microseconds, got " + receivedAt);
      }
      if (packetId < 1 || packetId > 65_535) {
        throw new IllegalArgumentException("packetId must be 1..65535, got " + packetId);
      }
    }
  }

  /** What a session left: its last committed seq (0 for a new session) and its deliveries after {@code lastSeq - window}. */
  public record Session(long lastSeq, List<Delivery> recent) {
    public Session {
      recent = List.copyOf(recent);
    }
  }

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public MqttDeliveryStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The session's last committed seq and its deliveries of the last {@code window} messages. */
  public Session load(String clientId, int window) {
    try (Connection c = db.connection()) {
      long last = 0;
      try (PreparedStatement s = c.prepareStatement(LAST_SEQ)) {
        s.setString(1, clientId);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            last = rs.getLong(1);
          }
        }
      }
      List<Delivery> recent = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(RECENT)) {
        s.setString(1, clientId);
        s.setLong(2, last - window);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            recent.add(new Delivery(rs.getInt(1), rs.getLong(2), rs.getBytes(3),
                rs.getObject(4, OffsetDateTime.class).toInstant()));
          }
        }
      }
      return new Session(last, recent);
    } catch (SQLException e) {
      throw db.failure("read mqtt_deliveries of session " + clientId, e);
    }
  }

  /**
   * Stores the deliveries (replacing what their packet identifiers meant before) and the session's
   * last seq, in one transaction.
   */
  public void record(String clientId, long lastSeq, List<Delivery> deliveries) {
    db.inTransaction("store " + deliveries.size() + " rows in mqtt_deliveries", c -> {
      if (!deliveries.isEmpty()) {
        upsert(c, clientId, deliveries);
      }
      try (PreparedStatement s = c.prepareStatement(SESSION)) {
        s.setString(1, clientId);
        s.setLong(2, lastSeq);
        s.executeUpdate();
      }
      return null;
    });
  }

  private static void upsert(Connection c, String clientId, List<Delivery> all) throws SQLException {
    // One row per packet identifier (the last use wins): an upsert may not touch a row twice.
    Map<Integer, Delivery> last = new LinkedHashMap<>();
    for (Delivery d : all) {
      last.put(d.packetId(), d);
    }
    List<Delivery> deliveries = new ArrayList<>(last.values());
    int n = deliveries.size();
    Integer[] ids = new Integer[n];
    Long[] seqs = new Long[n];
    String[] digests = new String[n];
    String[] times = new String[n];
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < n; i++) {
      Delivery d = deliveries.get(i);
      ids[i] = d.packetId();
      seqs[i] = d.seq();
      digests[i] = hex.formatHex(d.digest());
      times[i] = d.receivedAt().toString();
    }
    Array a1 = c.createArrayOf("integer", ids);
    Array a2 = c.createArrayOf("bigint", seqs);
    Array a3 = c.createArrayOf("text", digests);
    Array a4 = c.createArrayOf("text", times);
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, clientId);
      s.setArray(2, a1);
      s.setArray(3, a2);
      s.setArray(4, a3);
      s.setArray(5, a4);
      s.executeUpdate();
    } finally {
      a1.free();
      a2.free();
      a3.free();
      a4.free();
    }
  }
}
