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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry of sensors ({@code sensors} table): the generator's sensors in fleet order, so a
 * restarted generator keeps the same ids, and every sensor that arrived from outside (MQTT, CSV),
 * registered from its first reading. Thread-safe (stateless over the pool).
 */
public final class SensorRegistry {
  /**
   * A sensor moved into another set counts as registered in it now ({@code created_at}, the tie-break of
   * {@code LOAD_SET}): it kept the time it was first registered anywhere, so a seeded fleet whose first
   * sensors an earlier run had put in another set took the places of the set's own sensors, and the next
   * unseeded run drove those instead.
   */
  private static final String UPSERT =
      """
      INSERT INTO sensors (sensor_id, kind, category, type, unit, location, site, ordinal, sensor_set)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sensor_id) DO UPDATE
        SET site = EXCLUDED.site, ordinal = EXCLUDED.ordinal, sensor_set = EXCLUDED.sensor_set,
            created_at = CASE WHEN sensors.sensor_set IS NOT DISTINCT FROM EXCLUDED.sensor_set
                              THEN sensors.created_at ELSE EXCLUDED.created_at END
      """;
  private static final String SELECT =
      "SELECT sensor_id, kind, location, site FROM sensors WHERE kind IS NOT NULL";
  // Two fleets registered in one set (an unseeded run, then a seeded one) share ordinals 0, 1, ...; at a tie the
  // sensor registered in the set first keeps its place (created_at: when it joined the set, see UPSERT), so an
  // unseeded run keeps driving the same sensors, all of one site, instead of a mix of both fleets chosen by the
  // alphabetical order of their ids.
  private static final String LOAD = SELECT + " ORDER BY ordinal, created_at, sensor_id";
  private static final String LOAD_SET = SELECT + " AND sensor_set = ? ORDER BY ordinal, created_at, sensor_id";
  /** The set every sensor registered without a set name belongs to. */
  public static final String DEFAULT_SET = "default";
  private static final String FIND = SELECT + " AND sensor_id = ?";
  private static final String INSERT_FOREIGN =
      """
      INSERT INTO sensors (sensor_id, category, type, unit, location, metadata)
      VALUES (?, ?, ?, ?, ?, ?::jsonb)
      ON CONFLICT (sensor_id) DO NOTHING
      """;
  /**
   * Keys a later reading sets are added or replaced; keys it does not set are kept (jsonb {@code ||}),
   * so a sensor re-zoned by a reading that names only its {@code timezone} stays {@code "watch":
   * "generic"}. No write when the stored metadata already holds them all.
   */
  private static final String MERGE_METADATA =
      """
      UPDATE sensors SET metadata = metadata || ?::jsonb
       WHERE sensor_id = ? AND NOT metadata @> ?::jsonb
      """;
  private static final String CATEGORIES =
      "SELECT DISTINCT category FROM sensors WHERE category IS NOT NULL ORDER BY category";
  /** Registered, or with readings a program wrote straight into sensors_data without registering it. */
  private static final String KNOWN =
      """
      SELECT EXISTS (SELECT 1 FROM sensors WHERE sensor_id = ?)
          OR EXISTS (SELECT 1 FROM sensors_data WHERE sensor_id = ?)
      """;
  private static final String ATTRIBUTES =
      "SELECT sensor_id, category, type, unit, location, metadata::text FROM sensors";

  /**
   * What the registry knows about any sensor: the attributes its readings are stored with.
   *
   * @param metadataJson a JSON object, {@code {}} when none
   */
  public record Attributes(
      String sensorId, String category, String type, String unit, String location, String metadataJson) {
    public Attributes {
      Objects.requireNonNull(sensorId, "sensorId");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(metadataJson, "metadataJson");
    }
  }

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

  /**
   * Registers sensors seen for the first time outside the simulator; a sensor already registered
   * keeps its row. One transaction.
   *
   * @return how many were new
   */
  public int registerNew(Collection<Attributes> sensors) {
    if (sensors.isEmpty()) {
      return 0;
    }
    return db.inTransaction("register " + sensors.size() + " new sensors", c -> {
      try (PreparedStatement s = c.prepareStatement(INSERT_FOREIGN)) {
        for (Attributes a : sensors) {
          s.setString(1, a.sensorId());
          s.setString(2, a.category());
          s.setString(3, a.type());
          s.setString(4, a.unit());
          s.setString(5, a.location());
          s.setString(6, a.metadataJson());
          s.addBatch();
        }
        int added = 0;
        for (int n : s.executeBatch()) {
          added += Math.max(n, 0);
        }
        return added;
      }
    });
  }

  /**
   * Merges each sensor's {@link Attributes#metadataJson} into its stored metadata: the keys given are
   * set, the others kept. Sensors not registered are left alone. One transaction.
   */
  public void mergeMetadata(Collection<Attributes> sensors) {
    if (sensors.isEmpty()) {
      return;
    }
    db.inTransaction("merge the metadata of " + sensors.size() + " sensors", c -> {
      try (PreparedStatement s = c.prepareStatement(MERGE_METADATA)) {
        for (Attributes a : sensors) {
          s.setString(1, a.metadataJson());
          s.setString(2, a.sensorId());
          s.setString(3, a.metadataJson());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  /** The categories of the registered sensors (simulated and foreign), as stored, in order. */
  public List<String> categories() {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(CATEGORIES);
        ResultSet rs = s.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("list the categories of registered sensors", e);
    }
  }

  /** Every registered sensor's attributes (simulated and foreign), by id. */
  public Map<String, Attributes> attributes() {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(ATTRIBUTES);
        ResultSet rs = s.executeQuery()) {
      Map<String, Attributes> out = new HashMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), new Attributes(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6)));
      }
      return out;
    } catch (SQLException e) {
      throw db.failure("load the attributes of registered sensors", e);
    }
  }

  /** Every sensor the generator registered, in fleet order. */
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

  /**
   * Whether any sensor has this id: registered (simulated or foreign), or with readings another program
   * wrote into sensors_data without registering it.
   */
  public boolean isKnown(String sensorId) {
    try (Connection c = db.connection();
        PreparedStatement s = c.prepareStatement(KNOWN)) {
      s.setString(1, sensorId);
      s.setString(2, sensorId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw db.failure("look up sensor " + sensorId, e);
    }
  }

  private static SensorSpec spec(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    SensorKind kind = SensorKind.ofSensorId(id);
    return new SensorSpec(id, kind, Location.parse(rs.getString(3)), rs.getInt(4));
  }
}
