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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two {@code run} lines, as the monitor sees them: a run writes every 5 s and stops
 * (its monitor saves its states), the next starts 9 s later, writes every 30 s for half the
 * fleet, and one of its sensors' first reading is lost. The pause was the program's own (no
 * generator, no monitor running), not a silence of any sensor: the sensors it drives are not
 * offline, whatever pace they return at, and those it leaves out go offline counted from the
 * fleet's return by their history's interval. Judged by the 5 s pace from before the pause, with
 * the pause counted as silence, the first run's sensors went offline 30 s after their last reading,
 * 21 s after the second run started, and the returning ones whenever a reading came 30 s apart.
 */
class RestartPauseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("restart-pause");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
  static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

  @Test
  void aPauseOfTheProgramBetweenTwoRunsOpensNoOfflineAlertOnTheSensorsThatReturn() {
    GeneratedHistory history = new GeneratedHistory(91, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), CUT, 0);
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    List<AlertChange> events = new ArrayList<>();

    // the first run: six minutes of readings every 5 s, scored as they come, then a clean stop
    Instant firstEnd = CUT.plus(Duration.ofMinutes(6));
    history.write(db.database(), CUT, firstEnd, FIVE_SECONDS, 0, id -> true);
    SettableClock clock = new SettableClock(firstEnd);
    Monitor first = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(events), clock);
    first.runOnce();
    first.saveRunningStates();

    // 9 s later the second run: half the fleet, every 30 s; one sensor's first reading is lost
    List<String> driven = history.fleet().subList(0, 6).stream().map(s -> s.sensorId()).toList();
    String lostFirst = driven.get(2);
    Instant back = firstEnd.minus(FIVE_SECONDS).plusSeconds(9);
    Instant secondEnd = back.plus(Duration.ofMinutes(15));
    history.write(db.database(), back, secondEnd, THIRTY_SECONDS, 0, driven::contains);
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + lostFirst + "' AND timestamp = '" + back + "'");
    clock.set(secondEnd);
    Monitor second = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(events), clock);
    second.runOnce();

    List<AlertRow> offline = new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, secondEnd.plus(Duration.ofDays(1)))
        .stream().filter(a -> a.kind() == AnomalyKind.OFFLINE).toList();
    Set<String> stopped = history.fleet().subList(6, 12).stream().map(s -> s.sensorId()).collect(Collectors.toSet());
    assertThat(offline).as("offline alerts").allSatisfy(a -> {
      assertThat(stopped).as("the sensors the second run left out").contains(a.sensorId());
      // counted from the fleet's return by the history's 1-minute interval, not 30 s after the last reading
      assertThat(a.openedAt()).isAfterOrEqualTo(back.plus(Duration.ofMinutes(2)));
    });
    assertThat(offline).extracting(AlertRow::sensorId).containsExactlyInAnyOrderElementsOf(stopped);
  }
}
