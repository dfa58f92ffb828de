package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the monitor and starting it again must neither repeat alerts nor leave readings
 * unscored: two databases get the same history; one is scored by a single monitor, the other by a
 * monitor stopped at several points (in the middle of incidents too) and restarted each time.
 */
class MonitorRestartTest {
  @RegisterExtension static final TestDatabase straight = TestDatabase.fresh("monitor-straight");
  @RegisterExtension static final TestDatabase restarted = TestDatabase.fresh("monitor-restarted");
  @TempDir static Path models;

  static final long SEED = 4242;
  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(8));
  static final Instant TRAIN_FROM = CUT.minus(Duration.ofDays(2));

  @BeforeAll
  static void writeHistoryAndTrain() {
    for (TestDatabase db : List.of(straight, restarted)) {
      GeneratedHistory history = new GeneratedHistory(SEED, 12);
      history.write(db.database(), TRAIN_FROM, CUT, 0);
      history.write(db.database(), CUT, END, 0.08);
    }
    new ModelTrainer(straight.database(), ModelRepository.at(models), fixed(CUT)).train(TRAIN_FROM, CUT);
  }

  @Test
  void restartNeitherRepeatsAlertsNorSkipsReadings() {
    List<AlertChange> straightEvents = new ArrayList<>();
    monitor(straight.database(), END, straightEvents).runOnce();

    List<AlertChange> restartedEvents = new ArrayList<>();
    for (Instant stop = CUT.plus(Duration.ofMinutes(37)); stop.isBefore(END); stop = stop.plus(Duration.ofMinutes(53))) {
      monitor(restarted.database(), stop, restartedEvents).runOnce();
    }
    monitor(restarted.database(), END, restartedEvents).runOnce();

    List<AlertRow> expected = new AlertStore(straight.database()).alertsOpenedIn(Instant.EPOCH, END);
    List<AlertRow> actual = new AlertStore(restarted.database()).alertsOpenedIn(Instant.EPOCH, END);
    assertThat(expected).isNotEmpty();
    assertThat(summary(actual)).containsExactlyElementsOf(summary(expected));
    assertThat(opened(restartedEvents)).containsExactlyElementsOf(opened(straightEvents));
    assertEveryReadingScoredOnce(restarted);
  }

  private static void assertEveryReadingScoredOnce(TestDatabase db) {
    Map<String, Checkpoint> checkpoints = new AlertStore(db.database()).checkpoints();
    assertThat(checkpoints).hasSize(12);
    for (Checkpoint c : checkpoints.values()) {
      long readings = db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = ? AND timestamp >= ?",
          c.sensorId(), java.sql.Timestamp.from(CUT));
      assertThat(c.scoredCount()).as(c.sensorId()).isEqualTo(readings);
      assertThat(c.lastScoredAt()).isEqualTo(END.minus(GeneratedHistory.MINUTE));
    }
  }

  private static List<String> summary(List<AlertRow> alerts) {
    return alerts.stream().map(a -> a.sensorId() + " " + a.openedAt() + ".." + a.resolvedAt() + " " + a.kind()
        + " peak " + a.peakScore()).toList();
  }

  private static List<String> opened(List<AlertChange> events) {
    return events.stream().filter(e -> e.type() == AlertChange.Type.OPENED)
        .map(e -> e.alert().sensorId() + "@" + e.alert().openedAt()).toList();
  }

  private static Monitor monitor(Database db, Instant now, List<AlertChange> events) {
    AlertSink sink = Sinks.collecting(events);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    return new Monitor(db, ModelRepository.at(models), settings, sink, fixed(now));
  }

  private static Clock fixed(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }
}
