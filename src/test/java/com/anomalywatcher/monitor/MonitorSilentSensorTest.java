package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
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
 * A cycle reads from the oldest checkpoint of the sensors that report, not from a silent sensor's
 * last reading; a silent sensor whose readings then arrive late (a gateway's backlog, older than
 * everyone else's checkpoint) still has each of them scored once.
 */
class MonitorSilentSensorTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-silent");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));
  static final Instant SILENT_FROM = CUT.plus(Duration.ofMinutes(30));

  @Test
  void aSilentSensorsBackloggedReadingsAreScoredOnceWhenTheyArrive() {
    GeneratedHistory history = new GeneratedHistory(91, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    String silent = history.fleet().get(0).sensorId();
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    db.execute("CREATE TABLE held AS SELECT * FROM sensors_data WHERE sensor_id = '" + silent
        + "' AND timestamp >= '" + SILENT_FROM + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + silent + "' AND timestamp >= '" + SILENT_FROM + "'");
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    AlertSink none = Sinks.none();
    Monitor monitor = new Monitor(db.database(), ModelRepository.at(models), settings, none,
        Clock.fixed(END.plus(Duration.ofHours(1)), ZoneOffset.UTC));

    monitor.runOnce();
    assertThat(new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(1))))
        .filteredOn(a -> a.kind() == AnomalyKind.OFFLINE).singleElement()
        .satisfies(a -> assertThat(a.sensorId()).isEqualTo(silent));
    assertThat(scoredAt(silent)).isEqualTo(SILENT_FROM.minus(GeneratedHistory.MINUTE));
    monitor.runOnce(); // the others' checkpoints are at END: nothing new, and the silent one holds nothing back

    db.execute("INSERT INTO sensors_data SELECT * FROM held");
    monitor.runOnce();

    long stored = db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = ? AND timestamp >= ?", silent,
        Timestamp.from(CUT));
    assertThat(db.queryLong("SELECT scored_count FROM monitor_checkpoints WHERE sensor_id = ?", silent))
        .as("each of the silent sensor's readings scored once, the late ones included").isEqualTo(stored);
    assertThat(scoredAt(silent)).isEqualTo(END.minus(GeneratedHistory.MINUTE));
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE kind = 'offline' AND resolved_at IS NULL"))
        .as("its late readings resolved the offline alert").isZero();
  }

  private static Instant scoredAt(String sensorId) {
    return Instant.parse(db.queryString(
        "SELECT to_char(last_scored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM monitor_checkpoints WHERE sensor_id = ?",
        sensorId));
  }
}
