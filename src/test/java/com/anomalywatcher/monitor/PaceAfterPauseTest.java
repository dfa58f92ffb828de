package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant PAUSE_FROM = CUT.plus(Duration.ofMinutes(60));
  static final Instant BACK = PAUSE_FROM.plus(Duration.ofMinutes(60));
  static final Instant END = BACK.plus(Duration.ofMinutes(60));

  @Test
  void sensorsThatDoNotReturnWithTheFleetCountAsSilentFromItsReturn() {
    GeneratedHistory history = new GeneratedHistory(77, 12);
    String late = history.fleet().get(0).sensorId();
    String gone = history.fleet().get(1).sensorId();
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), BACK.plus(GeneratedHistory.MINUTE), 0);
    for (String id : List.of(late, gone)) {
      // both lose runs of 1 to 4 readings every hour in their history: 5 lost in a row are still usual
      db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + id + "' AND timestamp < '" + CUT
          + "' AND extract(minute FROM timestamp)::int IN (10, 20, 21, 30, 31, 32, 40, 41, 42, 43)");
    }
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    List<AlertChange> events = new ArrayList<>();
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));

    SettableClock clock = new SettableClock(BACK.plus(GeneratedHistory.MINUTE));
    Monitor monitor = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(events), clock);

    pause(late, gone);
    monitor.runOnce();
    assertThat(events).as("alerts as the fleet returns").isEmpty();

    history.write(db.database(), BACK.plus(GeneratedHistory.MINUTE), END, 0);
    pause(late, gone);
    clock.set(END.plus(Duration.ofHours(1)));
    monitor.runOnce();

    List<AlertRow> offline = new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(1)))
        .stream().filter(a -> a.kind() == AnomalyKind.OFFLINE).toList();
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
