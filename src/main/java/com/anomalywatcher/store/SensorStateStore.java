package com.anomalywatcher.store;

import com.anomalywatcher.sim.SensorState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Each sensor's last reading and model state ({@code sensor_state}), so a restarted generator
 * continues instead of starting over. Sensors must be registered first. Thread-safe.
 */
public final class SensorStateStore {
  private static final String UPSERT =
      """
      INSERT INTO sensor_state (sensor_id, last_timestamp, last_value, state, updated_at)
      VALUES (?, ?, ?, ?::jsonb, now())
      ON CONFLICT (sensor_id) DO UPDATE
        SET last_timestamp = EXCLUDED.last_timestamp, last_value = EXCLUDED.last_value,
            state = EXCLUDED.state, updated_at = now()
        WHERE sensor_state.last_timestamp < EXCLUDED.last_timestamp
      """;
  private static final String LOAD =
      """
      SELECT sensor_id, last_timestamp, last_value, state::text
        FROM sensor_state WHERE sensor_id = ANY (?) ORDER BY sensor_id
      """;

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public SensorStateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Saved states of the given sensors, by sensor id; sensors without one are absent. */
  public Map<String, SensorState> load(Collection<String> sensorIds) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(LOAD)) {
      s.setArray(1, c.createArrayOf("text", sensorIds.toArray()));
      Map<String, SensorState> states = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          SensorState st =
              new SensorState(
                  rs.getString(1),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  rs.getDouble(3),
                  rs.getString(4));
          states.put(st.sensorId(), st);
        }
      }
      return states;
    } catch (SQLException e) {
      throw db.failure("load sensor_state of " + sensorIds.size() + " sensors", e);
    }
  }

  /**
   * Saves states (upsert), one transaction. A state never moves backwards: one older than the
   * stored one (e.g. from {@code sample --end} in the past) leaves the stored one in place.
   */
  public void save(Collection<SensorState> states) {
    save(states, null);
  }

  /**
   * Saves the states and, in the same transaction, records that the generator stopped these
   * sensors as planned at {@code stoppedAt} with everything stored ({@link GeneratorStops}).
   */
  public void saveAtPlannedStop(Collection<SensorState> states, Instant stoppedAt) {
    save(states, Objects.requireNonNull(stoppedAt, "stoppedAt"));
  }

  private void save(Collection<SensorState> states, Instant plannedStop) {
    if (states.isEmpty()) {
      return;
    }
    db.inTransaction("save sensor_state of " + states.size() + " sensors", c -> {
      if (plannedStop != null) {
        GeneratorStops.recordPlanned(c, states.stream().map(SensorState::sensorId).toList(), plannedStop);
      }
      try (PreparedStatement s = c.prepareStatement(UPSERT)) {
        for (SensorState st : states) {
          s.setString(1, st.sensorId());
          s.setObject(2, GroundTruthStore.utc(st.timestamp()));
          s.setDouble(3, st.value());
          s.setString(4, st.stateJson());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }
}
