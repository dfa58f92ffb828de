package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code ingest_rejects}: messages and lines that could not become a reading, with why. Thread-safe
 * (stateless over the pool).
 */
public final class RejectStore {
  /** Longest payload kept; longer ones are cut and marked with an ellipsis. */
  public static final int MAX_PAYLOAD_CHARS = 1_000;

  private static final String INSERT =
      "INSERT INTO ingest_rejects (received_at, source, origin, payload, reason) VALUES (?, ?, ?, ?, ?)";
  private static final String LATEST =
      """
      SELECT received_at, source, origin, payload, reason FROM ingest_rejects
       ORDER BY received_at DESC, id DESC LIMIT ?
      """;

  /**
   * One rejected message or line.
   *
   * @param source {@code mqtt}, {@code csv}, {@code api}...
   * @param origin the MQTT topic, or {@code file:line}
   * @param payload what arrived (cut to {@link #MAX_PAYLOAD_CHARS} when stored)
   * @param reason why it is not a reading, e.g. {@code no value}
   */
  public record Reject(Instant receivedAt, String source, String origin, String payload, String reason) {
    public Reject {
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public RejectStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores the rejects in one transaction. */
  public void add(List<Reject> rejects) {
    if (rejects.isEmpty()) {
      return;
    }
    db.inTransaction("store " + rejects.size() + " rows in ingest_rejects", c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (Reject r : rejects) {
          s.setObject(1, GroundTruthStore.utc(r.receivedAt()));
          s.setString(2, r.source());
          s.setString(3, r.origin());
          s.setString(4, truncate(r.payload()));
          s.setString(5, r.reason());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  /** The newest {@code limit} rejects, newest first. */
  public List<Reject> latest(int limit) {
    try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(LATEST)) {
      s.setInt(1, limit);
      List<Reject> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Reject(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getString(2),
              rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("read ingest_rejects", e);
    }
  }

  static String truncate(String payload) {
    // PostgreSQL text cannot hold NUL characters.
    String clean = payload.replace('\0', '\uFFFD');
    return clean.length() <= MAX_PAYLOAD_CHARS ? clean : clean.substring(0, MAX_PAYLOAD_CHARS - 1) + "…";
  }
}
