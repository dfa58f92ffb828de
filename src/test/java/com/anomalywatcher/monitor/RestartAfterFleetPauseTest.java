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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PaceAfterPauseTest}'s fleet (an hour's pause of the whole feed; one sensor back four
 * minutes after the fleet, one never) with the monitor restarted a minute after the fleet's
 * return. The monitor kept the fleet's pauses in memory only, so the restarted one judged both
 * sensors by their own silence, from their last readings before the pause: both offline at an
 * instant inside the pause, the one back four minutes late falsely. Rebuilt from the stored
 * readings at start, the pause counts as before: the alerts are the uninterrupted monitor's.
 */
class RestartAfterFleetPauseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("restart-after-pause");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant PAUSE_FROM = CUT.plus(Duration.ofMinutes(60));
  static final Instant BACK = PAUSE_FROM.plus(Duration.ofMinutes(60));
  static final Instant END = BACK.plus(Duration.ofMinutes(60));

  @Test
  void aMonitorRestartedAfterAPauseOfTheFleetStillCountsSilencesFromTheFleetsReturn() {
    GeneratedHistory history = new GeneratedHistory(77, 12);
    String late = history.fleet().get(0).sensorId();
    String gone = history.fleet().get(1).sensorId();
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), BACK.plus(GeneratedHistory.MINUTE), 0);
    for (String id : List.of(late, gone)) {
      db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + id + "' AND timestamp < '" + CUT
          + "' AND extract(minute FROM timestamp)::int IN (10, 20, 21, 30, 31, 32, 40, 41, 42, 43)");
    }
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));

    SettableClock clock = new SettableClock(BACK.plus(GeneratedHistory.MINUTE));
    pause(late, gone);
    Monitor first = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.none(), clock);
    first.runOnce();
    first.saveRunningStates(); // a clean stop a minute after the fleet's return

    history.write(db.database(), BACK.plus(GeneratedHistory.MINUTE), END, 0);
    pause(late, gone);
    clock.set(END.plus(Duration.ofHours(1)));
    new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.none(), clock).runOnce();

    List<AlertRow> offline = new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(1)))
        .stream().filter(a -> a.kind() == AnomalyKind.OFFLINE).toList();
    assertThat(offline).singleElement().satisfies(a -> {
      assertThat(a.sensorId()).isEqualTo(gone);
      assertThat(a.openedAt()).isEqualTo(BACK.plus(Duration.ofMinutes(6)));
    });
  }

  private static void pause(String late, String gone) {
    db.execute("DELETE FROM sensors_data WHERE timestamp >= '" + PAUSE_FROM + "' AND timestamp < '" + BACK + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + late + "' AND timestamp >= '" + BACK
        + "' AND timestamp < '" + BACK.plus(Duration.ofMinutes(4)) + "'");
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + gone + "' AND timestamp >= '" + PAUSE_FROM + "'");
  }
}
