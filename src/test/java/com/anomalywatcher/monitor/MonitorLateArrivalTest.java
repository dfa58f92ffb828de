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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readings that arrive after their sensor has been scored past them (committed later, each in a
 * transaction of its own, as a gateway's retry or an MQTT redelivery would) are each scored once:
 * by the running monitor, by a restarted one, and never again by the next.
 */
class MonitorLateArrivalTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-late");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));

  @Test
  void readingsArrivingBehindTheCheckpointAreScoredOnceAcrossARestart() {
    GeneratedHistory history = new GeneratedHistory(93, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    String first = history.fleet().get(0).sensorId();
    String second = history.fleet().get(1).sensorId();
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    List<Instant> firstLate = List.of(CUT.plus(Duration.ofMinutes(60)), CUT.plus(Duration.ofMinutes(61)),
        CUT.plus(Duration.ofMinutes(90)));
    Instant secondLate = CUT.plus(Duration.ofMinutes(120));
    db.execute("CREATE TABLE held AS SELECT * FROM sensors_data WHERE (sensor_id = '" + first + "' AND timestamp IN ('"
        + firstLate.get(0) + "', '" + firstLate.get(1) + "', '" + firstLate.get(2) + "')) OR (sensor_id = '" + second
        + "' AND timestamp = '" + secondLate + "')");
    db.execute("DELETE FROM sensors_data d USING held h WHERE d.sensor_id = h.sensor_id AND d.timestamp = h.timestamp");

    Monitor running = monitor();
    running.runOnce();
    assertThat(unscored()).as("everything stored so far is scored").isZero();

    for (Instant at : firstLate) {
      arrive(first, at);
    }
    CycleSummary next = running.runOnce();
    assertThat(next.late()).as("the three late readings, scored when they arrived").isEqualTo(3);

    arrive(second, secondLate); // while no monitor runs
    assertThat(monitor().runOnce().late()).as("a restarted monitor takes in what arrived meanwhile").isEqualTo(1);
    CycleSummary again = monitor().runOnce();
    assertThat(again.late()).isZero();
    assertThat(again.scored()).isZero();

    assertThat(unscored()).as("each sensor's scored count equals its stored readings since the model: none"
        + " missed, none twice").isZero();
  }

  private static Monitor monitor() {
    AlertSink none = Sinks.none();
    return new Monitor(db.database(), ModelRepository.at(models),
        MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)), none,
        Clock.fixed(END.plus(Duration.ofHours(1)), ZoneOffset.UTC));
  }

  /** Commits a held reading in a transaction of its own (its own ingest_xid, as a writer's). */
  private static void arrive(String sensorId, Instant at) {
    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " SELECT id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata FROM held"
        + " WHERE sensor_id = '" + sensorId + "' AND timestamp = '" + at + "'");
  }

  /** Sensors whose scored count differs from their readings stored since the models' end. */
  private static long unscored() {
    return db.queryLong("SELECT count(*) FROM monitor_checkpoints m WHERE scored_count <> (SELECT count(*)"
        + " FROM sensors_data d WHERE d.sensor_id = m.sensor_id AND d.timestamp >= ?)", Timestamp.from(CUT));
  }
}
