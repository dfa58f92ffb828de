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
  private static final String INSERT_FILE_LINE =
      """
      INSERT INTO ingest_rejects (received_at, source, origin, payload, reason)
      SELECT ?, ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM ingest_rejects
                          WHERE origin = ? AND source = ? AND payload = ? AND reason = ?)
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
   * @param identity how it is told from a copy stored before
   * @param item the index of the array item it refuses within its message, or {@link #WHOLE} when
   *     it refuses a whole message or line; not stored (the origin names an item as {@code [i]}),
   *     it lets a caller put the rejects of one message in the order of its items
   */
  public record Reject(Instant receivedAt, String source, String origin, String payload, String reason,
      Identity identity, int item) {
    /** {@link #item} of a reject of a whole message or line. */
    public static final int WHOLE = -1;

    public Reject {
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(identity, "identity");
      if (item < WHOLE) {
        throw new IllegalArgumentException("item must be >= 0, or " + WHOLE + " for a whole message, got " + item);
      }
    }

    /** The reject of a whole message or line. */
    public Reject(Instant receivedAt, String source, String origin, String payload, String reason,
        Identity identity) {
      this(receivedAt, source, origin, payload, reason, identity, WHOLE);
    }

    /** The reject of a whole first arrival. */
    public Reject(Instant receivedAt, String source, String origin, String payload, String reason) {
      this(receivedAt, source, origin, payload, reason, Identity.NEW);
    }
  }

  /** How a reject is told from a copy stored before, so a repeat of what arrived is not stored twice. */
  public enum Identity {
    /** A first arrival: always stored. */
    NEW,
    /**
     * A repeat of an arrival (an MQTT redelivery, a retried request) with the first one's time of
     * receipt: stored unless an identical row with that time is.
     */
    REPEAT,
    /** A line of a file ({@code file:line}): stored unless an identical row of that line is (the file imported again). */
    FILE_LINE
  }

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public RejectStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores the rejects in one transaction, each unless its {@link Identity} finds a copy stored. */
  public void add(List<Reject> rejects) {
    if (rejects.isEmpty()) {
      return;
    }
    db.inTransaction("store " + rejects.size() + " rows in ingest_rejects", c -> {
      try (PreparedStatement fresh = c.prepareStatement(INSERT);
          PreparedStatement repeat = c.prepareStatement(INSERT_REPEAT);
          PreparedStatement line = c.prepareStatement(INSERT_FILE_LINE)) {
        boolean anyFresh = false;
        for (Reject r : rejects) {
          // A copy is looked for one by one, in order: it must see the rows stored before it, even in this batch.
          switch (r.identity()) {
            case NEW -> {
              bind(fresh, 1, r);
              fresh.addBatch();
              anyFresh = true;
            }
            case REPEAT -> {
              bind(repeat, 1, r);
              bind(repeat, 6, r);
              repeat.executeUpdate();
            }
            case FILE_LINE -> {
              bind(line, 1, r);
              line.setString(6, r.origin());
              line.setString(7, r.source());
              line.setString(8, truncate(r.payload()));
              line.setString(9, r.reason());
              line.executeUpdate();
            }
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
