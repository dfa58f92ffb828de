package com.anomalywatcher.store;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.model.AnomalyKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The ground truth table {@code anomaly_events}: every injected episode, {@code [start, end)}.
 * Thread-safe (stateless over the pool).
 */
public final class GroundTruthStore {
  /** A ground-truth episode from {@code anomaly_events}; end exclusive. */
  public record EpisodeRow(
      String sensorId, String category, AnomalyKind kind, Instant start, Instant end, String source) {}

  private static final String EPISODES_STARTING_IN = """
      SELECT sensor_id, category, kind, start_time, end_time, source FROM anomaly_events
      WHERE start_time >= ? AND start_time < ? ORDER BY start_time, sensor_id""";

  /**
   * Episodes a crashed generator left open: each sensor's are cut at the end of its last stored
   * reading's interval (or at the restart, if sooner), and those starting after it, which label no
   * stored reading, are dropped. Sensors whose readings reach the restart are left alone.
   */
  private static final String CLOSE_INTERRUPTED =
      """
      WITH last AS (
        SELECT s.id AS sensor_id,
               least(?::timestamptz, (SELECT max(d.timestamp) FROM sensors_data d WHERE d.sensor_id = s.id)
                                     + make_interval(secs => ?)) AS cut
          FROM unnest(?::text[]) AS s(id)
      ), dropped AS (
        DELETE FROM anomaly_events e USING last
         WHERE e.sensor_id = last.sensor_id AND last.cut < ?::timestamptz AND e.start_time >= last.cut
        RETURNING 1
      ), cut AS (
        UPDATE anomaly_events e SET end_time = last.cut FROM last
         WHERE e.sensor_id = last.sensor_id AND last.cut < ?::timestamptz
           AND e.start_time < last.cut AND e.end_time > last.cut
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM cut), (SELECT count(*) FROM dropped)
      """;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public GroundTruthStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Inserts episodes, or updates end time and parameters of an episode already stored with the same
   * sensor, kind and start (an episode cut short is written again with its new end). Episodes that
   * ended before the retention cutoff are dropped (no labels without readings). One transaction.
   */
  public void upsert(Collection<AnomalyEpisode> episodes) {
    upsert(episodes, true);
  }

  /**
   * As {@link #upsert}, committed without waiting for the server to flush its log: for a generator
   * that commits the readings these episodes label only after this returns. A reading's commit waits
   * for the log up to itself, which holds this commit before it, so no stored reading outlives a
   * crash without its label; a label whose readings were lost is cut or dropped by the next
   * generator ({@link #closeInterrupted}). {@code sample} starts an episode every few ticks: waiting
   * for a flush each time held its generating thread up for about a millisecond per episode.
   */
  public void upsertAhead(Collection<AnomalyEpisode> episodes) {
    upsert(episodes, false);
  }

  private void upsert(Collection<AnomalyEpisode> episodes, boolean synchronous) {
    if (episodes.isEmpty()) {
      return;
    }
    List<LabelTable.Label> labels = episodes.stream().map(e -> new LabelTable.Label(e.sensorId(), e.category(),
        e.kind().dbName(), e.start(), e.end(), e.parameters(), e.source())).toList();
    db.inTransaction("upsert of " + episodes.size() + " episodes into anomaly_events", c -> {
      if (!synchronous) {
        try (java.sql.Statement local = c.createStatement()) {
          local.execute("SET LOCAL synchronous_commit = off");
        }
      }
      LabelTable.ANOMALIES.upsert(c, labels);
      return null;
    });
  }

  /**
   * Called by a generator before its first reading: closes the episodes a previous generator of
   * these sensors left open when it died (see the class constants), so no reading that was never
   * anomalous is labelled so.
   *
   * @param interval the time one reading stands for
   * @return episodes cut short plus episodes dropped
   */
  public int closeInterrupted(Collection<String> sensorIds, Instant restart, java.time.Duration interval) {
    return db.inTransaction("close episodes left open in anomaly_events", c -> {
      try (PreparedStatement s = c.prepareStatement(CLOSE_INTERRUPTED)) {
        s.setObject(1, utc(restart));
        s.setDouble(2, interval.toMillis() / 1000.0);
        s.setArray(3, c.createArrayOf("text", sensorIds.toArray()));
        s.setObject(4, utc(restart));
        s.setObject(5, utc(restart));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getInt(1) + rs.getInt(2);
        }
      }
    });
  }

  /** Episodes that overlap {@code [from, to)}, ordered by start time then sensor. */
  public List<AnomalyEpisode> overlapping(Instant from, Instant to) {
    List<AnomalyEpisode> episodes = new ArrayList<>();
    for (LabelTable.Label l : LabelTable.ANOMALIES.overlapping(db, from, to)) {
      episodes.add(episode(l));
    }
    return episodes;
  }

  /** The anomaly episode a row of {@code anomaly_events} holds. */
  static AnomalyEpisode episode(LabelTable.Label l) {
    return new AnomalyEpisode(l.sensorId(), l.category(), AnomalyKind.parse(l.kind()), l.start(), l.end(),
        l.parameters(), l.source());
  }

  /** Ground-truth episodes starting in {@code [from, to)}. */
  public List<EpisodeRow> episodesStartingIn(Instant from, Instant to) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(EPISODES_STARTING_IN)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      List<EpisodeRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new EpisodeRow(rs.getString(1), rs.getString(2), AnomalyKind.parse(rs.getString(3)),
              rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("reading anomaly_events from " + from, e);
    }
  }

  static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
