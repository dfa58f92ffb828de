package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live monitor holds a sensor's readings after a missing one back while fewer than the reorder
 * window's readings have come past it: the missing reading, arriving late, is then scored in time
 * order with the ones after it. A sensor with more readings past its gap does not wait, nor one whose
 * missing reading is overdue by more than the window.
 */
class MonitorReorderWindowTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-reorder");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));

  @Test
  void aReadingLateWithinTheWindowIsScoredInTimeOrder() {
    GeneratedHistory history = new GeneratedHistory(95, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    String waits = history.fleet().get(0).sensorId();
    String goesOn = history.fleet().get(1).sensorId();
    String neverComes = history.fleet().get(2).sensorId();
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    Instant missing = END.minus(Duration.ofMinutes(3)); // two readings come after it: fewer than 3
    Instant gap = END.minus(Duration.ofMinutes(10)); // nine come after it: a gap, not a late reading
    db.execute("CREATE TABLE held AS SELECT * FROM sensors_data WHERE (sensor_id = '" + waits + "' AND timestamp = '"
        + missing + "') OR (sensor_id = '" + goesOn + "' AND timestamp = '" + gap + "') OR (sensor_id = '" + neverComes
        + "' AND timestamp = '" + missing + "')");
    db.execute("DELETE FROM sensors_data d USING held h WHERE d.sensor_id = h.sensor_id AND d.timestamp = h.timestamp");
    Monitor monitor = monitorAt(END.plusSeconds(30));

    CycleSummary first = monitor.runOnce();
    assertThat(first.held()).as("only the sensors whose missing reading may still come wait").isEqualTo(2);
    assertThat(checkpoint(waits)).isEqualTo(missing.minus(Duration.ofMinutes(1)));
    assertThat(checkpoint(neverComes)).isEqualTo(missing.minus(Duration.ofMinutes(1)));
    assertThat(checkpoint(goesOn)).isEqualTo(END.minus(Duration.ofMinutes(1)));

    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " SELECT id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata FROM held"
        + " WHERE sensor_id = '" + waits + "'");
    CycleSummary second = monitor.runOnce();
    assertThat(second.late()).as("the late reading came within the window: scored in order").isZero();
    assertThat(second.scored()).as("the late reading and the two after it").isEqualTo(3);
    assertThat(second.held()).isEqualTo(1);
    assertThat(checkpoint(waits)).isEqualTo(END.minus(Duration.ofMinutes(1)));

    CycleSummary overdue = monitorAt(END.plus(Duration.ofMinutes(5))).runOnce();
    assertThat(overdue.held()).as("a missing reading due over the window and an interval ago is waited for no more")
        .isZero();
    assertThat(overdue.scored()).isEqualTo(2);
    assertThat(checkpoint(neverComes)).isEqualTo(END.minus(Duration.ofMinutes(1)));
    assertThat(db.queryLong("SELECT count(*) FROM monitor_checkpoints m WHERE scored_count <> (SELECT count(*)"
        + " FROM sensors_data d WHERE d.sensor_id = m.sensor_id AND d.timestamp >= ?)", Timestamp.from(CUT))).isZero();
  }

  private static Monitor monitorAt(Instant now) {
    return new Monitor(db.database(), ModelRepository.at(models),
        MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)).withReorderReadings(3),
        Sinks.none(),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Instant checkpoint(String sensorId) {
    return Instant.parse(db.queryString(
        "SELECT to_char(last_scored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM monitor_checkpoints"
            + " WHERE sensor_id = ?", sensorId));
  }
}
