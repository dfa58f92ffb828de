package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchGeneratorTest {
  @RegisterExtension static final TestDatabase first = TestDatabase.fresh("batch-a");
  @RegisterExtension static final TestDatabase second = TestDatabase.fresh("batch-b");

  private static final Instant END = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  void seededRunsIntoTwoDatabasesGiveIdenticalRowsAndLabels() throws SQLException {
    BatchGenerator.Result a = generate(first, END.minus(Duration.ofHours(6)), END, 0.05);
    BatchGenerator.Result b = generate(second, END.minus(Duration.ofHours(6)), END, 0.05);

    assertThat(a.rowsWritten()).isEqualTo(6 * 360).isEqualTo(b.rowsWritten());
    assertThat(dump(first, "SELECT id, timestamp, sensor_id, value, sensors_metadata::text FROM sensors_data ORDER BY sensor_id, timestamp"))
        .isEqualTo(dump(second, "SELECT id, timestamp, sensor_id, value, sensors_metadata::text FROM sensors_data ORDER BY sensor_id, timestamp"));
    assertThat(dump(first, "SELECT sensor_id, kind, start_time, end_time, parameters::text FROM anomaly_events ORDER BY 1, 3"))
        .isEqualTo(dump(second, "SELECT sensor_id, kind, start_time, end_time, parameters::text FROM anomaly_events ORDER BY 1, 3"));
  }

  @Test
  void secondBatchContinuesEachSensorFromItsStoredState() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-continue");
    try (db) {
      Instant cut = END.minus(Duration.ofDays(1));
      generate(db, cut.minus(Duration.ofHours(12)), cut, 0.0);
      generate(db, cut, END, 0.0);

      // The oven's last reading before the cut and its first after differ by a thermal step, not a restart.
      String oven = Fleet.create(6, 7).get(0).sensorId();
      List<String> around = dump(db, "SELECT value FROM sensors_data WHERE sensor_id = '" + oven
          + "' AND timestamp BETWEEN '" + cut.minusSeconds(60) + "' AND '" + cut + "' ORDER BY timestamp");
      assertThat(around).hasSize(2);
      assertThat(Math.abs(Double.parseDouble(around.get(1)) - Double.parseDouble(around.get(0)))).isLessThan(20.0);
      assertThat(dump(db, "SELECT count(*) FROM sensors_data")).containsExactly(String.valueOf(6 * (720 + 1440)));
    }
  }

  @Test
  void episodesRunningAtTheEndAreCutAtTheEndOfTheData() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-cut");
    try (db) {
      generate(db, END.minus(Duration.ofHours(24)), END, 0.3);
      assertThat(dump(db, "SELECT count(*) FROM anomaly_events WHERE end_time > '" + END.plusSeconds(60) + "'"))
          .containsExactly("0");
    }
  }

  @Test
  void runOverlappingStoredReadingsContinuesAfterThemAndLabelsOnlyWhatItWrote() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-overlap");
    try (db) {
      generate(db, END.minus(Duration.ofHours(12)), END.minus(Duration.ofHours(6)), 0.0);

      BatchGenerator.Result again = generate(db, END.minus(Duration.ofHours(12)), END, 0.3);

      assertThat(again.generatedFrom()).isEqualTo(END.minus(Duration.ofHours(6)));
      assertThat(again.rowsGenerated()).isEqualTo(again.rowsWritten()).isEqualTo(6 * 360);
      assertThat(dump(db, "SELECT count(*) FROM anomaly_events WHERE start_time < '" + END.minus(Duration.ofHours(6)) + "'"))
          .containsExactly("0");
      assertThat(dump(db, "SELECT count(*) FROM sensors_data")).containsExactly(String.valueOf(6 * 720));
    }
  }

  @Test
  void rerunningTheSameSeededBatchWritesNothing() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-rerun");
    try (db) {
      generate(db, END.minus(Duration.ofHours(6)), END, 0.1);
      List<String> labels = dump(db, "SELECT sensor_id, kind, start_time, end_time FROM anomaly_events ORDER BY 1, 3");

      BatchGenerator.Result again = generate(db, END.minus(Duration.ofHours(6)), END, 0.1);

      assertThat(again.rowsGenerated()).isZero();
      assertThat(dump(db, "SELECT sensor_id, kind, start_time, end_time FROM anomaly_events ORDER BY 1, 3")).isEqualTo(labels);
    }
  }

  @Test
  void stoppedRunKeepsLabelsAndStateOfWhatItGenerated() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-stop");
    try (db) {
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db.database())).resolve(6, OptionalLong.of(7), 7);
      SimulationSettings settings = new SimulationSettings(7, Duration.ofMinutes(1), 0.3, false);
      java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();

      BatchGenerator.Result result = new BatchGenerator(db.database(), Clock.systemUTC())
          .run(new BatchGenerator.Request(fleet, END.minus(Duration.ofDays(1)), END, settings),
              (done, total) -> progress.set(done), () -> progress.get() >= 6 * 600);

      assertThat(result.stopped()).isTrue();
      assertThat(result.rowsWritten()).isEqualTo(6 * 600);
      Instant last = END.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(599));
      assertThat(dump(db, "SELECT count(*) FROM anomaly_events")).isNotEqualTo(List.of("0"));
      assertThat(dump(db, "SELECT count(*) FROM anomaly_events WHERE end_time > '" + last.plusSeconds(60) + "'"))
          .containsExactly("0");
      assertThat(dump(db, "SELECT DISTINCT last_timestamp FROM sensor_state"))
          .containsExactly(dump(db, "SELECT max(timestamp) FROM sensors_data").get(0));
    }
  }

  @Test
  void growingASetGivesTheNewSensorsTheWholeRangeAndWritesNothingTwice() throws SQLException {
    TestDatabase grown = TestDatabase.fresh("batch-grow");
    TestDatabase direct = TestDatabase.fresh("batch-grow-direct");
    try (grown; direct) {
      Instant start = END.minus(Duration.ofHours(6));
      BatchGenerator.Result six = generateSet(grown, "grow", 6, start, END, 0.1);

      BatchGenerator.Result twelve = generateSet(grown, "grow", 12, start, END, 0.1);
      generateSet(direct, "grow", 12, start, END, 0.1);

      assertThat(six.rowsWritten()).isEqualTo(6 * 360);
      assertThat(twelve.generatedFrom()).isEqualTo(start);
      assertThat(twelve.sensorsComplete()).isEqualTo(6);
      assertThat(twelve.sensorsContinued()).isZero();
      assertThat(twelve.rowsGenerated()).isEqualTo(twelve.rowsWritten()).isEqualTo(6 * 360);
      // Every sensor, old and new, has one reading a minute over the whole range, none twice.
      assertThat(dump(grown, "SELECT count(*) FROM (SELECT sensor_id FROM sensors_data GROUP BY 1"
          + " HAVING count(*) = 360 AND count(DISTINCT timestamp) = 360"
          + " AND min(timestamp) = '" + start + "' AND max(timestamp) = '" + END.minusSeconds(60) + "') s"))
          .containsExactly("12");
      // The new sensors got exactly the rows and labels a fresh run of the grown set gives them.
      String readings = "SELECT id, timestamp, sensor_id, value, sensors_metadata::text FROM sensors_data ORDER BY sensor_id, timestamp";
      String labels = "SELECT sensor_id, kind, start_time, end_time, parameters::text FROM anomaly_events ORDER BY 1, 3, 2";
      assertThat(dump(grown, readings)).isEqualTo(dump(direct, readings));
      assertThat(dump(grown, labels)).isEqualTo(dump(direct, labels));
      assertThat(dump(grown, "SELECT count(*) FROM sensors_data")).containsExactly(String.valueOf(12 * 360));
    }
  }

  @Test
  void growingASetContinuesEachOldSensorAfterItsOwnNewestReading() throws SQLException {
    TestDatabase db = TestDatabase.fresh("batch-grow-stagger");
    try (db) {
      Instant start = END.minus(Duration.ofHours(6));
      Instant cut = END.minus(Duration.ofHours(3));
      generateSet(db, "grow", 6, start, cut, 0.3);

      BatchGenerator.Result twelve = generateSet(db, "grow", 12, start, END, 0.3);
      BatchGenerator.Result again = generateSet(db, "grow", 12, start, END, 0.3);

      assertThat(twelve.generatedFrom()).isEqualTo(start);
      assertThat(twelve.sensorsContinued()).isEqualTo(6);
      assertThat(twelve.rowsGenerated()).isEqualTo(twelve.rowsWritten()).isEqualTo(6 * 180 + 6 * 360);
      assertThat(dump(db, "SELECT count(*), count(DISTINCT (sensor_id, timestamp)) FROM sensors_data"))
          .containsExactly((12 * 360) + "|" + (12 * 360));
      assertThat(again.rowsGenerated()).isZero();
      assertThat(again.sensorsComplete()).isEqualTo(12);
      // Every label covers readings of its own sensor: none starts where its sensor has no reading.
      assertThat(dump(db, "SELECT count(*) FROM anomaly_events e WHERE NOT EXISTS (SELECT 1 FROM sensors_data d"
          + " WHERE d.sensor_id = e.sensor_id AND d.timestamp >= e.start_time AND d.timestamp < e.end_time)"))
          .containsExactly("0");
    }
  }

  private static BatchGenerator.Result generateSet(
      TestDatabase db, String set, int sensors, Instant start, Instant end, double rate) {
    // No seed for the fleet, as `sample --set` without --seed: the set's known sensors come first.
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db.database())).resolve(set, sensors, OptionalLong.empty(), 7);
    SimulationSettings settings = new SimulationSettings(7, Duration.ofMinutes(1), rate, false);
    return new BatchGenerator(db.database(), Clock.systemUTC())
        .run(new BatchGenerator.Request(fleet, start, end, settings), (done, total) -> {});
  }

  private static BatchGenerator.Result generate(TestDatabase db, Instant start, Instant end, double rate) {
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db.database())).resolve(6, OptionalLong.of(7), 7);
    SimulationSettings settings = new SimulationSettings(7, Duration.ofMinutes(1), rate, false);
    return new BatchGenerator(db.database(), Clock.systemUTC())
        .run(new BatchGenerator.Request(fleet, start, end, settings), (done, total) -> {});
  }

  private static List<String> dump(TestDatabase db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new java.util.ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }
}
