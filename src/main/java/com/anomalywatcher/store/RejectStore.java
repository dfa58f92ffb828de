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
  private static final String INSERT_REPEAT =
      """
      INSERT INTO ingest_rejects (received_at, source, origin, payload, reason)
      SELECT ?, ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM ingest_rejects
                          WHERE received_at = ? AND source = ? AND origin = ? AND payload = ? AND reason = ?)
      """;
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
   * @param repeat whether it comes from a repeat of a message (an MQTT redelivery, a retried request)
   *     with its first arrival's time, whose reject may be stored already: then it is stored only
   *     when no identical row is
   */
  public record Reject(Instant receivedAt, String source, String origin, String payload, String reason,
      boolean repeat) {
    public Reject {
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(reason, "reason");
    }

    /** The reject of a first arrival. */
    public Reject(Instant receivedAt, String source, String origin, String payload, String reason) {
      this(receivedAt, source, origin, payload, reason, false);
    }
  }

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public RejectStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores the rejects in one transaction; a {@link Reject#repeat repeat} only when no identical row is stored. */
  public void add(List<Reject> rejects) {
    if (rejects.isEmpty()) {
      return;
    }
    db.inTransaction("store " + rejects.size() + " rows in ingest_rejects", c -> {
      try (PreparedStatement fresh = c.prepareStatement(INSERT);
          PreparedStatement repeat = c.prepareStatement(INSERT_REPEAT)) {
        boolean anyFresh = false;
        for (Reject r : rejects) {
          if (r.repeat()) {
            // One by one, in order: a repeat must see the rows stored before it, even in this batch.
            bind(repeat, 1, r);
            bind(repeat, 6, r);
            repeat.executeUpdate();
          } else {
            bind(fresh, 1, r);
            fresh.addBatch();
            anyFresh = true;
          }
        }
        if (anyFresh) {
          fresh.executeBatch();
        }
      }
      return null;
    });
  }

  private static void bind(PreparedStatement s, int first, Reject r) throws SQLException {
    s.setObject(first, GroundTruthStore.utc(r.receivedAt()));
    s.setString(first + 1, r.source());
    s.setString(first + 2, r.origin());
    s.setString(first + 3, truncate(r.payload()));
    s.setString(first + 4, r.reason());
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
