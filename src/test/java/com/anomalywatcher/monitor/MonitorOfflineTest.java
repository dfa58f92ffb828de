package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.TrainedFleet.CUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor, not a detector, raises {@code offline}: a sensor silent for longer than the runs of
 * lost readings its history showed, while the others report, opens one, and its next reading
 * resolves it; runs of lost readings as long as in its history do not, nor does a silence of the
 * whole fleet (its feed down for 30 minutes), nor the end of the data of the whole fleet.
 */
class MonitorOfflineTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-offline");
  @TempDir static Path models;

  static final Instant END = CUT.plus(Duration.ofHours(4));
  static final Instant SILENT_FROM = CUT.plus(Duration.ofMinutes(90));
  static final Instant SILENT_TO = SILENT_FROM.plus(Duration.ofMinutes(40));
  /** The whole fleet's feed is down: no sensor's fault. */
  static final Instant FEED_DOWN_FROM = CUT.plus(Duration.ofMinutes(170));
  static final Instant FEED_DOWN_TO = FEED_DOWN_FROM.plus(Duration.ofMinutes(30));
  static TrainedFleet fleet;
  static String silent;
  static String lossy;

  @BeforeAll
  static void writeHistoryWithAnOutageAndLostReadings() {
    fleet = new TrainedFleet(db, models, 77);
    fleet.write(TrainedFleet.HISTORY_FROM, END);
    silent = fleet.sensorId(0);
    lossy = fleet.sensorId(1);
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + silent + "' AND timestamp >= '" + SILENT_FROM
        + "' AND timestamp < '" + SILENT_TO + "'");
    // the feed of every sensor stops for 30 minutes, then the sensors come back over two minutes
    db.execute("DELETE FROM sensors_data WHERE timestamp >= '" + FEED_DOWN_FROM + "' AND timestamp < '" + FEED_DOWN_TO + "'");
    db.execute("DELETE FROM sensors_data WHERE timestamp = '" + FEED_DOWN_TO + "' AND hashtext(sensor_id) % 2 = 0");
    fleet.loseUsualRunsBeforeCut(silent);
    // the lossy sensor loses runs of 3 readings, in its history and after it
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + lossy
        + "' AND extract(minute FROM timestamp)::int % 7 IN (0, 1, 2)");
    fleet.train();
  }

  @Test
  void aSilentSensorGoesOfflineAndComesBackWithItsNextReading() {
    List<AlertChange> events = new ArrayList<>();
    fleet.monitor(Sinks.collecting(events), Clock.fixed(END.plus(Duration.ofHours(2)), ZoneOffset.UTC)).runOnce();

    List<AlertRow> offline = fleet.offlineAlerts(END.plus(Duration.ofDays(1)));
    assertThat(offline).singleElement().satisfies(a -> {
      assertThat(a.sensorId()).isEqualTo(silent);
      // the last reading, then 5 missing readings tolerated, offline at the 6th interval
      assertThat(a.openedAt()).isEqualTo(SILENT_FROM.minus(GeneratedHistory.MINUTE).plus(Duration.ofMinutes(6)));
      assertThat(a.resolvedAt()).isEqualTo(SILENT_TO);
      assertThat(a.explanation()).contains("no reading since").endsWith("— offline");
    });
    assertThat(events).filteredOn(e -> e.alert().kind() == AnomalyKind.OFFLINE)
        .extracting(AlertChange::type).containsExactly(AlertChange.Type.OPENED, AlertChange.Type.RESOLVED);
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE sensor_id = ? AND opened_at >= ?", lossy,
        Timestamp.from(CUT))).as("alerts on the sensor that loses single readings").isZero();
  }
}
