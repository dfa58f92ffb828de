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
      INSERT INTO sensors (sensor_id, kind, category, type, unit, location, site, ordinal, sensor_set)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE
        SET site = EXCLUDED.site, ordinal = EXCLUDED.ordinal, sensor_set = EXCLUDED.sensor_set
      """;
  private static final String SELECT =
      "SELECT sensor_id, kind, location, site FROM sensors";
  private static final String LOAD = SELECT + " ORDER BY ordinal, sensor_id";
  private static final String LOAD_SET = SELECT + " WHERE sensor_set = ? ORDER BY ordinal, sensor_id";
  /** The set every sensor registered without a set name belongs to. */
  public static final String DEFAULT_SET = "default";
  private static final String FIND = SELECT + " WHERE sensor_id = ?";

  private final Database db;

  /** A store over {@code db}'s pool; {@code db} stays owned (and closed) by the caller. */
  public SensorRegistry(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores the fleet in the default set; see {@link #register(String, List)}. */
  public void register(List<SensorSpec> fleet) {
    register(DEFAULT_SET, fleet);
  }

  /**
   * Stores the fleet (upsert) as members of {@code set} (a sensor belongs to one set: registering it
   * under another moves it); a sensor's ordinal is its index in the list. One transaction.
   */
  public void register(String set, List<SensorSpec> fleet) {
    SensorSetName.check(set);
    db.inTransaction("register " + fleet.size() + " sensors in set " + set, c -> {
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
          s.setString(9, set);
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
      return specs(rs);
    } catch (SQLException e) {
      throw db.failure("load sensors", e);
    }
  }

  /** The sensors of one set, in fleet order (empty for a set that does not exist). */
  public List<SensorSpec> load(String set) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(LOAD_SET)) {
      s.setString(1, set);
      try (ResultSet rs = s.executeQuery()) {
        return specs(rs);
      }
    } catch (SQLException e) {
      throw db.failure("load the sensors of set " + set, e);
    }
  }

  private static List<SensorSpec> specs(ResultSet rs) throws SQLException {
    List<SensorSpec> fleet = new ArrayList<>();
    while (rs.next()) {
      fleet.add(spec(rs));
    }
    return fleet;
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
