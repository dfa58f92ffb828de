package com.anomalywatcher.store;

import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The generator's sensors ({@code sensors} table) in fleet order, so a restarted generator keeps
 * the same ids. Thread-safe (stateless over the pool).
 */
public final class SensorRegistry {
  private static final String UPSERT =
      """
      INSERT INTO sensors (sensor_id, kind, category, type, unit, location, site, ordinal)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE SET site = EXCLUDED.site, ordinal = EXCLUDED.ordinal
      """;
  private static final String SELECT =
      "SELECT sensor_id, kind, location, site FROM sensors";
  private static final String LOAD = SELECT + " ORDER BY ordinal, sensor_id";
  private static final String FIND = SELECT + " WHERE sensor_id = ?";

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public SensorRegistry(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores the fleet (upsert); a sensor's ordinal is its index in the list. One transaction. */
  public void register(List<SensorSpec> fleet) {
    db.inTransaction("register " + fleet.size() + " sensors", c -> {
      try (PreparedStatement s = c.prepareStatement(UPSERT)) {
        for (int i = 0; i < fleet.size(); i++) {
          SensorSpec spec = fleet.get(i);
          s.setString(1, spec.sensorId());
          s.setString(2, spec.kind().prefix());
          s.setString(3, spec.kind().category().dbName());
          s.setString(4, spec.kind().type().dbName());
          s.setString(5, spec.kind().unit());
          s.setString(6, spec.location().dbName());
          s.setInt(7, spec.site());
          s.setInt(8, i);
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  /** Every registered sensor, in fleet order. */
  public List<SensorSpec> load() {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(LOAD);
        ResultSet rs = s.executeQuery()) {
      List<SensorSpec> fleet = new ArrayList<>();
      while (rs.next()) {
        fleet.add(spec(rs));
      }
      return fleet;
    } catch (SQLException e) {
      throw db.failure("load sensors", e);
    }
  }

  /**
   * What the generator knows of each registered sensor (category, type, unit, physical range), by
   * sensor id; sensors written by other sources are absent.
   */
  public Map<String, SensorDescription> descriptions() {
    Map<String, SensorDescription> out = new HashMap<>();
    for (SensorSpec spec : load()) {
      out.put(spec.sensorId(), spec.kind().description());
    }
    return out;
  }

  /** The registered sensor with this id, if any. */
  public Optional<SensorSpec> find(String sensorId) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(FIND)) {
      s.setString(1, sensorId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(spec(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("find sensor " + sensorId, e);
    }
  }

  private static SensorSpec spec(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    SensorKind kind = SensorKind.ofSensorId(id);
    return new SensorSpec(id, kind, Location.parse(rs.getString(3)), rs.getInt(4));
  }
}
