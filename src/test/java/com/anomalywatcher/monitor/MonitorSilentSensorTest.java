package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.TrainedFleet.CUT;
import static org.assertj.core.api.Assertions.assertThat;

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

  static final Instant END = CUT.plus(Duration.ofHours(3));
  static final Instant SILENT_FROM = CUT.plus(Duration.ofMinutes(30));

  @Test
  void aSilentSensorsBackloggedReadingsAreScoredOnceWhenTheyArrive() {
    TrainedFleet fleet = new TrainedFleet(db, models, 91);
    fleet.write(TrainedFleet.HISTORY_FROM, END);
    String silent = fleet.sensorId(0);
    fleet.train();
    db.execute("CREATE TABLE held AS SELECT * FROM sensors_data WHERE sensor_id = '" + silent
        + "' AND timestamp >= '" + SILENT_FROM + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + silent + "' AND timestamp >= '" + SILENT_FROM + "'");
    Monitor monitor = fleet.monitor(Sinks.none(), Clock.fixed(END.plus(Duration.ofHours(1)), ZoneOffset.UTC));

    monitor.runOnce();
    assertThat(fleet.offlineAlerts(END.plus(Duration.ofDays(1))))
        .singleElement().satisfies(a -> assertThat(a.sensorId()).isEqualTo(silent));
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
