package com.anomalywatcher.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Retires alert sinks ({@code alerts --forget-sink}): a sink registered once and never run again (an
 * old alerts file, an unused webhook name) got a pending row for every new alert event forever, since
 * only a running delivery expires its events. Forgetting removes the sink's registration and with it
 * (by the schema's cascades) its pending events and its delivery records, set-aside events included;
 * the alerts and the outbox's events stay for every other sink. Thread-safe; the caller owns the
 * database.
 */
public final class SinkRemoval {
  /** What forgetting a sink did, or why it did nothing. */
  public sealed interface Outcome permits Unknown, Busy, Forgotten {}

  /** No sink has this name; nothing removed. */
  public record Unknown() implements Outcome {}

  /** A monitor is delivering the sink's events right now (it holds the delivery lease); nothing removed. */
  public record Busy() implements Outcome {}

  /**
   * The sink is gone.
   *
   * @param pending its events that were waiting to be delivered
   * @param setAside its events a receiver had refused for good
   */
  public record Forgotten(long pending, long setAside) implements Outcome {}

  private static final String SINKS = "SELECT sink FROM alert_sinks ORDER BY sink";

  /** The same lock as the sink's delivery lease ({@link MonitorLease#ofSink}), for this transaction. */
  private static final String TRY_SINK_LOCK =
      "SELECT pg_try_advisory_xact_lock(hashtext('aw-alert-sink'), hashtext(?))";

  /**
   * Waits for transactions appending alert events and holds new ones back until the sink is gone:
   * an append that read the sinks before the delete and wrote the sink's pending row after it
   * failed on the foreign key, and with it the monitor's alert.
   */
  private static final String HOLD_APPENDS = "LOCK TABLE alert_outbox IN SHARE MODE";

  // The counts read the snapshot from before the delete; the cascades remove the rows they count.
  private static final String FORGET = """
      WITH gone AS (DELETE FROM alert_sinks WHERE sink = ? RETURNING sink)
      SELECT (SELECT count(*) FROM gone),
             (SELECT count(*) FROM alert_pending WHERE sink = ?),
             (SELECT count(*) FROM alert_deliveries WHERE sink = ? AND set_aside_at IS NOT NULL)""";

  private final Database db;

  /** Uses (does not own) the given database. */
  public SinkRemoval(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Every registered sink's name, in order. */
  public List<String> sinks() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(SINKS);
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("list the alert sinks", e);
    }
  }

  /**
   * Removes {@code sink}, its pending events and its delivery records, unless a monitor's delivery
   * pass holds the sink now (then a sent event could not be marked delivered).
   */
  public Outcome forget(String sink) {
    return db.inTransaction("forget alert sink " + sink, c -> {
      try (PreparedStatement lock = c.prepareStatement(TRY_SINK_LOCK)) {
        lock.setString(1, sink);
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            return new Busy();
          }
        }
      }
      try (PreparedStatement hold = c.prepareStatement(HOLD_APPENDS)) {
        hold.execute();
      }
      try (PreparedStatement ps = c.prepareStatement(FORGET)) {
        ps.setString(1, sink);
        ps.setString(2, sink);
        ps.setString(3, sink);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1) == 0 ? new Unknown() : new Forgotten(rs.getLong(2), rs.getLong(3));
        }
      }
    });
  }
}
