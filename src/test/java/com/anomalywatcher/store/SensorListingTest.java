package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every sensor's newest reading ({@code sensors list}, the dashboard's fleet, the monitor's
 * listing) at the cost of the newest partitions, not one probe per sensor in every daily partition:
 * the same rows as the plain "newest row per sensor" query, and a plan whose index descents do not
 * grow with the number of days stored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SensorListingTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sensor listing");

  private static final int SENSORS = 30;
  private static final int DAYS = 12;
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(DAYS));
  private static final Duration STEP = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the old skip scan over all of sensors_data answered: each sensor's newest timestamp. */
  private static final String EVERY_SENSORS_NEWEST = """
      SELECT DISTINCT ON (sensor_id) sensor_id, "timestamp" FROM sensors_data
       ORDER BY sensor_id, "timestamp" DESC""";

  @BeforeAll
  static void twelveDaysOfThirtySensorsAndTwoOthers() {
    Clock clock = Clock.fixed(END, ZoneOffset.UTC);
    try (ReadingWriter w = ReadingWriter.open(db.database(), clock)) {
      w.writeAll(TestReadings.series(SENSORS, START, STEP, DAYS * 24));
      // Registered (as ingest registers a foreign sensor), silent for the last 10 days.
      w.writeAll(TestReadings.series(SENSORS + 1, START, STEP, 24).stream()
          .filter(r -> r.sensorId().equals(TestReadings.sensorId(SENSORS))).toList());
    }
    new SensorRegistry(db.database()).registerNew(List.of(new SensorRegistry.Attributes(
        TestReadings.sensorId(SENSORS), "oven", "analog", "°C", "factory", "{}")));
    // Another program's sensor, never registered, reporting in the newest hours only.
    db.execute("INSERT INTO sensors_data (\"timestamp\", sensor_id, value) VALUES ('"
        + END.minus(Duration.ofHours(3)) + "', 'foreign-recent', 1), ('" + END.minus(Duration.ofHours(2))
        + "', 'foreign-recent', 2)");
  }

  @Test
  @Order(1)
  void listsWhatTheSkipScanOverEverythingListed() {
    Map<String, Instant> expected = everySensorsNewest();
    assertThat(expected).hasSize(SENSORS + 2);

    Map<String, Instant> listed = new ReadingStore(db.database()).sensors().stream()
        .collect(Collectors.toMap(ReadingStore.SensorRow::sensorId, ReadingStore.SensorRow::lastReadingAt,
            (a, b) -> a, TreeMap::new));
    assertThat(listed).isEqualTo(expected);

    List<DashboardStore.SensorLatest> fleet = new DashboardStore(db.database()).latestPerSensor();
    assertThat(fleet).extracting(DashboardStore.SensorLatest::sensorId).containsExactlyElementsOf(expected.keySet());
  }

  @Test
  @Order(2)
  void sensorsListShowsEachSensorsNewestReadingAndTheUnregisteredOnes() {
    Map<String, Instant> expected = everySensorsNewest();
    List<SensorSets.Listing> listed = new SensorSets(db.database()).list();
    Map<String, Instant> newest = new TreeMap<>();
    listed.forEach(l -> newest.put(l.sensorId(), l.lastReading()));
    assertThat(newest).isEqualTo(expected);
    assertThat(listed).filteredOn(l -> l.sensorId().equals("foreign-recent")).singleElement()
        .satisfies(l -> assertThat(l.set()).isEmpty());
  }

  @Test
  @Order(3)
  void probesTheNewestPartitionsNotEveryDay() throws SQLException {
    long descents;
    try (Connection c = db.database().connection()) {
      String sql = SensorsWithReadings.IDS + "SELECT ids.sensor_id, x.ts FROM ids CROSS JOIN LATERAL "
          + SensorsWithReadings.newestRow("d.\"timestamp\" AS ts") + " x";
      try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
        java.sql.Timestamp newest = java.sql.Timestamp.from(END.minus(Duration.ofHours(1)));
        java.sql.Timestamp since = java.sql.Timestamp.from(newest.toInstant().minus(SensorsWithReadings.RECENT));
        for (int i = 1; i <= 6; i += 2) {
          s.setTimestamp(i, since);
          s.setTimestamp(i + 1, newest);
        }
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          JsonNode plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
          assertThat(plan.get("Actual Rows").asLong()).isEqualTo(SENSORS + 2);
          descents = indexScans(plan);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new AssertionError(e);
        }
      }
    }
    // The skip scan over the 3 partitions the recent span touches (a step per sensor), one descent per
    // sensor for its newest row, and the silent registered sensor's walk back through the days. The
    // skip scan over everything made 2 x SENSORS x DAYS (720).
    assertThat(descents).isLessThanOrEqualTo(3L * (SENSORS + 2) + (SENSORS + 2) + DAYS + 10);
  }

  @Test
  @Order(4)
  void dbInitRegistersTheSensorsOtherProgramsWrote() {
    db.execute("INSERT INTO sensors_data (\"timestamp\", sensor_id, category, value) VALUES ('"
        + START + "', 'foreign-old', 'fridge', 4)");
    db.execute("DELETE FROM flyway_schema_history WHERE version = '87'");
    Schema.init(db.database(), Optional.empty(), OptionalInt.empty(), Clock.systemUTC());

    assertThat(db.queryString("SELECT category FROM sensors WHERE sensor_id = 'foreign-old'")).isEqualTo("fridge");
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE kind IS NULL")).isEqualTo(SENSORS + 3);
    assertThat(new ReadingStore(db.database()).sensors()).extracting(ReadingStore.SensorRow::sensorId)
        .contains("foreign-old", "foreign-recent");
  }

  private static Map<String, Instant> everySensorsNewest() {
    Map<String, Instant> out = new TreeMap<>();
    try (Connection c = db.database().connection();
        PreparedStatement s = c.prepareStatement(EVERY_SENSORS_NEWEST);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** Index descents: the loops of every index scan node that ran. */
  private static long indexScans(JsonNode node) {
    String type = node.get("Node Type").asText();
    long n = type.startsWith("Index") ? node.path("Actual Loops").asLong() : 0;
    for (JsonNode child : node.path("Plans")) {
      n += indexScans(child);
    }
    return n;
  }
}
