package com.anomalywatcher.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code api_idempotency_keys}: the Idempotency-Key of each {@code POST /api/readings} that sent
 * one, with the digest of its body and the time of its first request, kept for {@link #KEEP}.
 * Thread-safe (stateless over the pool; two requests with one key agree on the first).
 */
public final class IdempotencyKeyStore {
  /** How long a key is remembered: a retry later than that is taken for a new request. */
  public static final Duration KEEP = Duration.ofHours(24);

  private static final String EXPIRE = "DELETE FROM api_idempotency_keys WHERE received_at < ?";
  private static final String CLAIM =
      """
      INSERT INTO api_idempotency_keys (idempotency_key, digest, received_at) VALUES (?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING
      """;
  private static final String FIRST =
      "SELECT digest, received_at FROM api_idempotency_keys WHERE idempotency_key = ?";

  /**
   * What a key says about a request.
   *
   * @param receivedAt the time of the key's first request (this one's when it is the first)
   * @param repeat whether an earlier request came with this key
   * @param sameBody whether that request had this body (always true for a first)
   */
  public record Claim(Instant receivedAt, boolean repeat, boolean sameBody) {}

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public IdempotencyKeyStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Records {@code key} for a request with body digest {@code digest} at {@code now} (to the
   * microsecond) unless a request brought it before, and says which came first; forgets keys older
   * than {@link #KEEP} first.
   */
  public Claim claim(String key, byte[] digest, Instant now) {
    return db.inTransaction("claim an Idempotency-Key in api_idempotency_keys", c -> {
      try (PreparedStatement s = c.prepareStatement(EXPIRE)) {
        s.setObject(1, GroundTruthStore.utc(now.minus(KEEP)));
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(CLAIM)) {
        s.setString(1, key);
        s.setBytes(2, digest);
        s.setObject(3, GroundTruthStore.utc(now));
        if (s.executeUpdate() == 1) {
          return new Claim(now, false, true);
        }
      }
      try (PreparedStatement s = c.prepareStatement(FIRST)) {
        s.setString(1, key);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return new Claim(rs.getObject(2, OffsetDateTime.class).toInstant(), true,
              Arrays.equals(rs.getBytes(1), digest));
        }
      }
    });
  }
}
