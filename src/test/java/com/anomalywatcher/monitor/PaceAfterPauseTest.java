package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.TrainedFleet.CUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fleet pauses for an hour (its feeder stopped) and returns, and a cycle of the monitor
 * ends a minute after its return: a sensor whose first reading after the pause comes a few minutes
 * after the fleet's, within its usual runs of lost readings, is not offline, and a sensor that
 * does not return goes offline by its history's interval counted from the fleet's return. Counted
 * from their last readings before the pause, both went offline at once when the cycle ended.
 */
class PaceAfterPauseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("pace-after-pause");
  @TempDir static Path models;

  static final Instant PAUSE_FROM = CUT.plus(Duration.ofMinutes(60));
  static final Instant BACK = PAUSE_FROM.plus(Duration.ofMinutes(60));
  static final Instant END = BACK.plus(Duration.ofMinutes(60));

  @Test
  void sensorsThatDoNotReturnWithTheFleetCountAsSilentFromItsReturn() {
    TrainedFleet fleet = new TrainedFleet(db, models, 77);
    String late = fleet.sensorId(0);
    String gone = fleet.sensorId(1);
    fleet.write(TrainedFleet.HISTORY_FROM, BACK.plus(GeneratedHistory.MINUTE));
    for (String id : List.of(late, gone)) {
      fleet.loseUsualRunsBeforeCut(id);
    }
    fleet.train();
    List<AlertChange> events = new ArrayList<>();

    SettableClock clock = new SettableClock(BACK.plus(GeneratedHistory.MINUTE));
    Monitor monitor = fleet.monitor(Sinks.collecting(events), clock);

    pause(late, gone);
    monitor.runOnce();
    assertThat(events).as("alerts as the fleet returns").isEmpty();

    fleet.write(BACK.plus(GeneratedHistory.MINUTE), END);
    pause(late, gone);
    clock.set(END.plus(Duration.ofHours(1)));
    monitor.runOnce();

    List<AlertRow> offline = fleet.offlineAlerts(END.plus(Duration.ofDays(1)));
    assertThat(offline).singleElement().satisfies(a -> {
      assertThat(a.sensorId()).isEqualTo(gone);
      // 5 missing readings tolerated after the fleet's return, offline at the 6th interval
      assertThat(a.openedAt()).isEqualTo(BACK.plus(Duration.ofMinutes(6)));
      assertThat(a.explanation()).contains("no reading since").endsWith("— offline");
    });
  }

  /** The fleet's pause, the late sensor's four minutes after it and the gone sensor's silence from it on. */
  private static void pause(String late, String gone) {
    db.execute("DELETE FROM sensors_data WHERE timestamp >= '" + PAUSE_FROM + "' AND timestamp < '" + BACK + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + late + "' AND timestamp >= '" + BACK
        + "' AND timestamp < '" + BACK.plus(Duration.ofMinutes(4)) + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + gone + "' AND timestamp >= '" + PAUSE_FROM + "'");
  }
}
