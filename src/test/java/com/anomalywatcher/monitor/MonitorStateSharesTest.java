package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
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
 * A monitor that saves its running states a share per cycle and is stopped between cycles (its
 * other shares saved cycles ago) continues exactly: a restart replays into each state the readings
 * scored since it was saved, and the alerts are those of a monitor that was never stopped.
 */
class MonitorStateSharesTest {
  @RegisterExtension static final TestDatabase straight = TestDatabase.fresh("monitor-shares-straight");
  @RegisterExtension static final TestDatabase restarted = TestDatabase.fresh("monitor-shares-restarted");
  @RegisterExtension static final TestDatabase stopped = TestDatabase.fresh("monitor-shares-stopped");
  @RegisterExtension static final TestDatabase cut = TestDatabase.fresh("monitor-shares-cut");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(8));
  static final Instant TRAIN_FROM = CUT.minus(Duration.ofDays(2));

  @BeforeAll
  static void writeHistoryAndTrain() {
    for (TestDatabase db : List.of(straight, restarted, stopped, cut)) {
      GeneratedHistory history = new GeneratedHistory(4343, 12);
      history.write(db.database(), TRAIN_FROM, CUT, 0);
      history.write(db.database(), CUT, END, 0.08);
    }
    new ModelTrainer(straight.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(TRAIN_FROM, CUT);
  }

  /** The alert events of a monitor never stopped, saving every state every cycle. */
  static final List<AlertChange> straightEvents = new ArrayList<>();

  @BeforeAll
  static void monitorWithoutStopping() {
    SettableClock straightClock = new SettableClock(CUT);
    Monitor once = monitor(straight.database(), straightClock, straightEvents, 1);
    for (Instant t = CUT.plus(Duration.ofMinutes(7)); t.isBefore(END); t = t.plus(Duration.ofMinutes(7))) {
      straightClock.set(t);
      once.runOnce();
    }
    straightClock.set(END);
    once.runOnce();
  }

  @Test
  void aMonitorStoppedBetweenCyclesContinuesFromStatesSavedInShares() {
    List<AlertChange> restartedEvents = new ArrayList<>();
    List<Long> replayed = new ArrayList<>();
    runStoppingEvery11Cycles(restarted, restartedEvents, replayed, false);

    assertSameAlertsAsStraight(restarted, restartedEvents);
    assertThat(replayed).as("restarts replayed readings into states saved cycles ago").anyMatch(n -> n > 0);
    assertThat(restarted.queryLong("SELECT count(*) FROM monitor_checkpoints m WHERE scored_count <> (SELECT count(*)"
        + " FROM sensors_data d WHERE d.sensor_id = m.sensor_id AND d.timestamp >= ?)", Timestamp.from(CUT))).isZero();
    assertThat(restarted.queryLong("SELECT count(*) FROM monitor_state s JOIN monitor_checkpoints m USING (sensor_id)"
        + " WHERE s.scored_at < m.last_scored_at")).as("some states were saved cycles behind their checkpoints")
        .isPositive();
  }

  @Test
  void aCleanStopSavesEveryStateSoTheNextStartReplaysNothing() {
    List<AlertChange> stoppedEvents = new ArrayList<>();
    List<Long> replayed = new ArrayList<>();
    runStoppingEvery11Cycles(stopped, stoppedEvents, replayed, true);

    assertSameAlertsAsStraight(stopped, stoppedEvents);
    assertThat(replayed).as("readings replayed at each restart after a clean stop").isNotEmpty().containsOnly(0L);
  }

  @Test
  void aCycleStoppedAtACommitSavesEveryStateAndTheNextMonitorLosesNothing() {
    List<AlertChange> events = new ArrayList<>();
    SettableClock clock = new SettableClock(CUT);
    int[] slices = {0};
    for (Instant t = CUT.plus(Duration.ofMinutes(7)); t.isBefore(END); t = t.plus(Duration.ofMinutes(7))) {
      clock.set(t);
      // a stop asked for after the cycle's second committed slice (of two instants: 24 readings), every cycle
      Monitor monitor = new Monitor(cut.database(), ModelRepository.at(models), settings(3), Sinks.collecting(events),
          clock, 20);
      slices[0] = 0;
      monitor.runOnce(TimeProgress.NONE, () -> ++slices[0] > 2);
      assertThat(slices[0]).as("stop asked").isGreaterThan(2);
      monitor.saveRunningStates();
      assertThat(cut.queryLong("SELECT count(*) FROM monitor_checkpoints m LEFT JOIN monitor_state s USING"
          + " (sensor_id) WHERE s.scored_at IS DISTINCT FROM m.last_scored_at")).as("states off their checkpoints")
          .isZero();
    }
    clock.set(END);
    new Monitor(cut.database(), ModelRepository.at(models), settings(3), Sinks.collecting(events), clock).runOnce();

    assertSameAlertsAsStraight(cut, events);
  }

  /**
   * Monitors {@code db} in 7-minute cycles with states saved in 3 shares and restarts the monitor
   * every 11 cycles, after saving its unsaved states when {@code cleanStop}; notes what each
   * restart replayed at its start.
   */
  private static void runStoppingEvery11Cycles(TestDatabase db, List<AlertChange> events, List<Long> replayed,
      boolean cleanStop) {
    SettableClock clock = new SettableClock(CUT);
    Monitor monitor = monitor(db.database(), clock, events, 3);
    int cycles = 0;
    boolean restartedNow = false;
    for (Instant t = CUT.plus(Duration.ofMinutes(7)); t.isBefore(END); t = t.plus(Duration.ofMinutes(7))) {
      clock.set(t);
      monitor.runOnce();
      if (restartedNow) {
        replayed.add(monitor.replayedAtStart());
        restartedNow = false;
      }
      if (++cycles % 11 == 0) { // stopped, its states saved one, two and three cycles ago unless saved now
        if (cleanStop) {
          assertThat(monitor.saveRunningStates()).isPositive();
          assertThat(db.queryLong("SELECT count(*) FROM monitor_checkpoints m LEFT JOIN monitor_state s USING"
              + " (sensor_id) WHERE s.scored_at IS DISTINCT FROM m.last_scored_at")).as("states off their checkpoints")
              .isZero();
        }
        monitor = monitor(db.database(), clock, events, 3);
        restartedNow = true;
      }
    }
    clock.set(END);
    monitor.runOnce();
  }

  private static void assertSameAlertsAsStraight(TestDatabase db, List<AlertChange> events) {
    List<AlertRow> expected = new AlertStore(straight.database()).alertsOpenedIn(Instant.EPOCH, END);
    List<AlertRow> actual = new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END);
    assertThat(expected).isNotEmpty();
    assertThat(summary(actual)).containsExactlyElementsOf(summary(expected));
    assertThat(opened(events)).containsExactlyElementsOf(opened(straightEvents));
  }

  private static List<String> summary(List<AlertRow> alerts) {
    return alerts.stream().map(a -> a.sensorId() + " " + a.openedAt() + ".." + a.resolvedAt() + " " + a.kind()
        + " peak " + a.peakScore() + " " + a.explanation()).toList();
  }

  private static List<String> opened(List<AlertChange> events) {
    return events.stream().filter(e -> e.type() == AlertChange.Type.OPENED)
        .map(e -> e.alert().sensorId() + "@" + e.alert().openedAt()).toList();
  }

  private static Monitor monitor(Database db, Clock clock, List<AlertChange> events, int shares) {
    return new Monitor(db, ModelRepository.at(models), settings(shares), Sinks.collecting(events), clock);
  }

  private static MonitorSettings settings(int shares) {
    return MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)).withStateShares(shares);
  }
}
