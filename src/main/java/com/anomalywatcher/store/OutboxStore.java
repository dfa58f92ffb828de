package com.anomalywatcher.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The alert outbox ({@code alert_outbox}) and each sink's deliveries from it ({@code alert_sinks},
 * {@code alert_deliveries}): events are appended in the transaction that writes their alert (see
 * {@link AlertStore#commit(List, List, List)}), each with a row in {@code alert_pending} for
 * every registered sink, and a sink takes them in order, marking each delivered, failed (to retry
 * later), set aside (refused for good by the receiver, until re-sent) or expired; delivered, set
 * aside and expired events leave {@code alert_pending}. Thread-safe; the caller owns the database.
 */
public final class OutboxStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * An alert event to append: the alert is found by its key; its change number is the next one.
   *
   * @param event {@code open} or {@code resolved}
   * @param payloadJson the event as JSON (without its idempotency key, which the store assigns)
   */
  public record Event(String sensorId, Instant openedAt, String event, String payloadJson, Instant at) {
    public Event {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(openedAt, "openedAt");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(payloadJson, "payloadJson");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An event a sink has not yet delivered.
   *
   * @param idempotencyKey {@code <alert id>-<change number>}, the same on every attempt
   * @param attempts failed attempts so far
   * @param lastError why the last attempt failed, or null
   * @param nextAttemptAt not before this (after a failure), or null
   */
  public record Pending(long outboxId, String sink, String idempotencyKey, String event, String sensorId,
      String payloadJson, Instant createdAt, int attempts, String lastError, Instant nextAttemptAt) {}

  private static final String APPEND = """
      WITH appended AS (
        INSERT INTO alert_outbox (alert_id, change_no, event, payload, created_at)
        SELECT a.id, coalesce((SELECT max(change_no) FROM alert_outbox o WHERE o.alert_id = a.id), 0) + 1,
               ?, ?::jsonb, ?
          FROM alerts a WHERE a.sensor_id = ? AND a.opened_at = ?
        RETURNING id)
      INSERT INTO alert_pending (sink, outbox_id) SELECT s.sink, appended.id FROM appended CROSS JOIN alert_sinks s""";

  private static final String REGISTER = """
      WITH before AS (SELECT target FROM alert_sinks WHERE sink = ?),
      upsert AS (
        INSERT INTO alert_sinks (sink, since_outbox_id, registered_at, target)
        SELECT ?, coalesce(max(id), 0), ?, ? FROM alert_outbox
        ON CONFLICT (sink) DO UPDATE SET target = EXCLUDED.target)
      SELECT (SELECT target FROM before)""";

  private static final String RECLAIM = "UPDATE alert_sinks SET target = ? WHERE sink = ? AND target = ? AND "
      + MonitorLease.CLAIM_IS_FREE;

  private static final String TARGET = "SELECT target FROM alert_sinks WHERE sink = ?";

  private static final String ADD_TARGET_KEY = "INSERT INTO alert_sink_key (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING";

  private static final String TARGET_KEY = "SELECT key FROM alert_sink_key WHERE id = 1";

  private static final String TARGETS = "SELECT sink, target FROM alert_sinks WHERE target IS NOT NULL";

  private static final String PENDING = """
      SELECT o.id, p.sink, o.alert_id || '-' || o.change_no, o.event, o.payload->>'sensor_id', o.payload::text,
             o.created_at, coalesce(d.attempts, 0), d.last_error, d.next_attempt_at
        FROM alert_pending p
        JOIN alert_outbox o ON o.id = p.outbox_id
        LEFT JOIN alert_deliveries d ON d.outbox_id = p.outbox_id AND d.sink = p.sink
       WHERE (? IS NULL OR p.sink = ?)
       ORDER BY p.sink, p.outbox_id LIMIT ?""";

  private static final String COUNT_PENDING = "SELECT count(*) FROM alert_pending WHERE sink = ?";

  private static final String BACKLOG_BY_SINK = """
      SELECT p.sink, count(*),
             (array_agg(d.last_error ORDER BY d.next_attempt_at DESC NULLS LAST)
                FILTER (WHERE d.last_error IS NOT NULL))[1]
        FROM alert_pending p
        LEFT JOIN alert_deliveries d ON d.outbox_id = p.outbox_id AND d.sink = p.sink
       GROUP BY p.sink ORDER BY p.sink""";

  private static final String DELIVERED = """
      WITH done AS (DELETE FROM alert_pending WHERE outbox_id = ? AND sink = ?)
      INSERT INTO alert_deliveries (outbox_id, sink, attempts, delivered_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (outbox_id, sink) DO UPDATE SET attempts = EXCLUDED.attempts,
        delivered_at = EXCLUDED.delivered_at, next_attempt_at = NULL""";

  private static final String FAILED = """
      INSERT INTO alert_deliveries (outbox_id, sink, attempts, next_attempt_at, last_error) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (outbox_id, sink) DO UPDATE SET attempts = EXCLUDED.attempts,
        next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error""";

  private static final String EXPIRE = """
      WITH expired AS (
        DELETE FROM alert_pending p USING alert_outbox o
         WHERE p.sink = ? AND o.id = p.outbox_id
           AND coalesce((SELECT d.resent_at FROM alert_deliveries d WHERE d.outbox_id = p.outbox_id AND d.sink = p.sink),
                        o.created_at) < ?
        RETURNING p.outbox_id, p.sink)
      INSERT INTO alert_deliveries (outbox_id, sink, attempts, expired_at, last_error)
      SELECT e.outbox_id, e.sink, coalesce(d.attempts, 0), ?, d.last_error
        FROM expired e LEFT JOIN alert_deliveries d ON d.outbox_id = e.outbox_id AND d.sink = e.sink
      ON CONFLICT (outbox_id, sink) DO UPDATE SET expired_at = EXCLUDED.expired_at""";

  private static final String SET_ASIDE = """
      WITH aside AS (DELETE FROM alert_pending WHERE outbox_id = ? AND sink = ?)
      INSERT INTO alert_deliveries (outbox_id, sink, attempts, set_aside_at, refused_status, last_error)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (outbox_id, sink) DO UPDATE SET attempts = EXCLUDED.attempts, next_attempt_at = NULL,
        set_aside_at = EXCLUDED.set_aside_at, refused_status = EXCLUDED.refused_status,
        last_error = EXCLUDED.last_error""";

  private static final String LIST_SET_ASIDE = """
      SELECT o.id, d.sink, o.alert_id || '-' || o.change_no, o.event, o.payload->>'sensor_id', o.created_at,
             d.attempts, d.refused_status, d.last_error, d.set_aside_at
        FROM alert_deliveries d
        JOIN alert_outbox o ON o.id = d.outbox_id
       WHERE d.set_aside_at IS NOT NULL
       ORDER BY d.sink, d.outbox_id LIMIT ?""";

  private static final String COUNT_SET_ASIDE = """
      SELECT sink, count(*) FROM alert_deliveries WHERE set_aside_at IS NOT NULL GROUP BY sink ORDER BY sink""";

  private static final String RESEND = """
      WITH resent AS (
        UPDATE alert_deliveries d SET set_aside_at = NULL, next_attempt_at = NULL, resent_at = ?
          FROM alert_outbox o
         WHERE o.id = d.outbox_id AND d.set_aside_at IS NOT NULL
           AND (? OR o.alert_id || '-' || o.change_no = ANY (?))
        RETURNING d.sink, d.outbox_id, o.alert_id || '-' || o.change_no AS key),
      queued AS (
        INSERT INTO alert_pending (sink, outbox_id) SELECT sink, outbox_id FROM resent ON CONFLICT DO NOTHING)
      SELECT sink, key FROM resent ORDER BY sink, outbox_id""";

  private final Database db;

  /** Uses (does not own) the given database. */
  public OutboxStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Appends events in the caller's transaction, after their alerts were written. */
  static void append(Connection c, List<Event> events) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(APPEND)) {
      for (Event e : events) {
        ps.setString(1, e.event());
        ps.setString(2, e.payloadJson());
        ps.setTimestamp(3, Timestamp.from(e.at()));
        ps.setString(4, e.sensorId());
        ps.setTimestamp(5, Timestamp.from(e.openedAt()));
        ps.executeUpdate(); // one by one: two events of one alert in a batch get consecutive numbers
      }
    }
  }

  /**
   * The lease a process holds while it delivers {@code sink}'s events ({@link MonitorLease#ofSink}),
   * ending by itself when its holder leaves it silent for {@code idleLimit}.
   */
  public MonitorLease deliveryLease(String sink, Duration idleLimit) {
    return MonitorLease.ofSink(db, sink, idleLimit);
  }

  /**
   * Makes {@code sink} a receiver of every event appended from now on (once; later calls keep its
   * start and what it has still to deliver) and records where it delivers now.
   *
   * @param target where the sink delivers, as shown to a user
   * @return where it delivered before, when that was another target
   */
  public Optional<String> register(String sink, String target, Instant now) {
    return db.inTransaction("register alert sink " + sink, c -> {
      try (PreparedStatement ps = c.prepareStatement(REGISTER)) {
        ps.setString(1, sink);
        ps.setString(2, sink);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setString(4, target);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          String before = rs.getString(1);
          return before == null || before.equals(target) ? Optional.<String>empty() : Optional.of(before);
        }
      }
    });
  }

  /**
   * A delivery's claim on {@code sink} delivering to {@code target} ({@link MonitorLease#ofSinkClaim}):
   * hold it before {@link #register registering} the target, for as long as the delivery runs; a
   * holder frozen for {@code idleLimit} loses it.
   */
  public MonitorLease claim(String sink, String target, Duration idleLimit) {
    return MonitorLease.ofSinkClaim(db, sink, target, idleLimit);
  }

  /**
   * Takes {@code sink} back for {@code target} when it delivers to {@code taker} now and no live
   * delivery claims {@code taker} any more (it closed, exited or was killed): without it, a monitor
   * whose webhook a later one took over delivered nothing after that one stopped, and the sink's
   * events expired undelivered. At most one of several deliveries waiting for the sink gets it.
   *
   * @return whether the sink delivers to {@code target} now
   */
  public boolean reclaim(String sink, String taker, String target) {
    return update("take alert sink " + sink + " back for " + target, RECLAIM, ps -> {
      ps.setString(1, target);
      ps.setString(2, sink);
      ps.setString(3, taker);
      ps.setString(4, MonitorLease.claimKey(sink, taker));
    }) == 1;
  }

  /**
   * This database's key for the digits that tell apart two targets differing only in secret parts (a
   * webhook URL's password or query token): random, made on first use and the same for every
   * monitor of the database, so those monitors agree on a target and its claim. Never printed.
   */
  public String targetKey() {
    byte[] fresh = new byte[32];
    RANDOM.nextBytes(fresh);
    return db.inTransaction("read the alert sinks' target key", c -> {
      try (PreparedStatement add = c.prepareStatement(ADD_TARGET_KEY)) {
        add.setString(1, HexFormat.of().formatHex(fresh));
        add.executeUpdate();
      }
      // a statement of its own: it sees the key a concurrent first monitor committed instead of ours
      try (PreparedStatement read = c.prepareStatement(TARGET_KEY);
          ResultSet rs = read.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    });
  }

  /** Where {@code sink} delivers, as the monitor that registered it last said; empty if unknown. */
  public Optional<String> target(String sink) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(TARGET)) {
      ps.setString(1, sink);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("read where alert sink " + sink + " delivers", e);
    }
  }

  /**
   * Where each sink delivers, by sink name, as the monitor that registered it last said (sinks
   * registered before targets were recorded are left out).
   */
  public Map<String, String> targets() {
    return bySink("read where the alert sinks deliver", TARGETS, rs -> rs.getString(2));
  }

  /**
   * Undelivered, unexpired events in outbox order, of one sink or (null) of every sink.
   *
   * @param limit at most this many, >= 1
   */
  public List<Pending> pending(String sink, int limit) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(PENDING)) {
      ps.setString(1, sink);
      ps.setString(2, sink);
      ps.setInt(3, limit);
      List<Pending> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getInt(8), rs.getString(9),
              rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("read the alert outbox" + (sink == null ? "" : " for " + sink), e);
    }
  }

  /**
   * One sink's undelivered events: how many, and the error of its latest failed attempt (null when
   * no attempt failed, e.g. a sink whose monitor has not run since the events were written).
   */
  public record SinkBacklog(String sink, long events, String lastError) {}

  /** Every sink with undelivered, unexpired events, by sink name. */
  public List<SinkBacklog> backlogBySink() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(BACKLOG_BY_SINK);
        ResultSet rs = ps.executeQuery()) {
      List<SinkBacklog> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new SinkBacklog(rs.getString(1), rs.getLong(2), rs.getString(3)));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("count the alert outbox's undelivered events by sink", e);
    }
  }

  /** How many events {@code sink} has still to deliver (neither delivered nor expired). */
  public long countPending(String sink) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(COUNT_PENDING)) {
      ps.setString(1, sink);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw db.failure("count the alert events pending for " + sink, e);
    }
  }

  /** Records a successful delivery (the event is no longer pending). */
  public void delivered(Pending p, int attempts, Instant at) {
    update("mark alert event " + p.idempotencyKey() + " delivered to " + p.sink(), DELIVERED,
        ps -> bindLeavingLine(ps, p, attempts, at));
  }

  /** Records a failed attempt and when to try again. */
  public void failed(Pending p, int attempts, Instant nextAttempt, String error) {
    update("record a failed delivery of " + p.idempotencyKey() + " to " + p.sink(), FAILED, ps -> {
      ps.setLong(1, p.outboxId());
      ps.setString(2, p.sink());
      ps.setInt(3, attempts);
      ps.setTimestamp(4, Timestamp.from(nextAttempt));
      ps.setString(5, error);
    });
  }

  /**
   * Gives up on a sink's events written before {@code cutoff}.
   *
   * @return how many expired now
   */
  public int expire(String sink, Instant cutoff, Instant now) {
    return update("expire undelivered alert events of " + sink, EXPIRE, ps -> {
      ps.setString(1, sink);
      ps.setTimestamp(2, Timestamp.from(cutoff));
      ps.setTimestamp(3, Timestamp.from(now));
    });
  }

  /**
   * Sets an event aside for its sink: the receiver refused it for good, so it leaves the sink's line
   * (the events behind it go on) and waits, with the receiver's status and reason, for a user to
   * re-send it ({@link #resend}); it is never retried by itself.
   */
  public void setAside(Pending p, int attempts, int status, String reason, Instant at) {
    update("set alert event " + p.idempotencyKey() + " aside for " + p.sink(), SET_ASIDE, ps -> {
      bindLeavingLine(ps, p, attempts, at);
      ps.setInt(7, status);
      ps.setString(8, reason);
    });
  }

  /**
   * An event a sink's receiver refused for good.
   *
   * @param status the receiver's HTTP status
   * @param reason the status and the start of the receiver's answer
   */
  public record SetAside(long outboxId, String sink, String idempotencyKey, String event, String sensorId,
      Instant createdAt, int attempts, int status, String reason, Instant setAsideAt) {}

  /**
   * The events set aside, sink by sink in outbox order.
   *
   * @param limit at most this many, >= 1
   */
  public List<SetAside> setAside(int limit) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(LIST_SET_ASIDE)) {
      ps.setInt(1, limit);
      List<SetAside> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SetAside(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getInt(8), rs.getString(9),
              rs.getTimestamp(10).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("read the alert events set aside", e);
    }
  }

  /** How many events each sink has set aside, by sink name (sinks with none are left out). */
  public Map<String, Long> countSetAside() {
    return bySink("count the alert events set aside", COUNT_SET_ASIDE, rs -> rs.getLong(2));
  }

  /** An event put back in a sink's line by {@link #resend}. */
  public record Resent(String sink, String idempotencyKey) {}

  /**
   * Puts events set aside back in their sinks' lines (each sink sends them next, ahead of later
   * events, and their expiry counts from {@code now}): those with the given idempotency keys, or
   * (null) every one.
   *
   * @return what was put back; a key that names no event set aside is not in it
   */
  public List<Resent> resend(List<String> keys, Instant now) {
    return db.inTransaction("re-send alert events set aside", c -> {
      try (PreparedStatement ps = c.prepareStatement(RESEND)) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setBoolean(2, keys == null);
        ps.setArray(3, c.createArrayOf("text", keys == null ? new String[0] : keys.toArray(String[]::new)));
        List<Resent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Resent(rs.getString(1), rs.getString(2)));
          }
        }
        return out;
      }
    });
  }

  /** Reads the second column of a result row; may throw SQLException. */
  private interface Value<V> {
    V read(ResultSet rs) throws SQLException;
  }

  /** A query's rows as a map in row order: the first column (a sink name) to the row's value. */
  private <V> Map<String, V> bySink(String action, String sql, Value<V> value) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      Map<String, V> out = new LinkedHashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), value.read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }

  /**
   * Binds parameters 1-6 of {@link #DELIVERED} and {@link #SET_ASIDE}, the two ways an event leaves its
   * sink's line: the pending row to delete, then the delivery record's event, sink, attempts and time.
   */
  private static void bindLeavingLine(PreparedStatement ps, Pending p, int attempts, Instant at) throws SQLException {
    ps.setLong(1, p.outboxId());
    ps.setString(2, p.sink());
    ps.setLong(3, p.outboxId());
    ps.setString(4, p.sink());
    ps.setInt(5, attempts);
    ps.setTimestamp(6, Timestamp.from(at));
  }

  /** Sets a statement's parameters; may throw SQLException. */
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int update(String action, String sql, Binder binder) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failure(action, e);
    }
  }
}
