package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
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
 * The end of a {@code monitor --once} pass ({@link Monitor#endPass}): an oven whose last reading
 * of the pass falls 50 °C (a clean generated history, trained, then a clean morning whose last
 * oven reading is lowered) is left unconfirmed by the pass, and its end opens the alert at that
 * reading, committed and delivered; the running state saved by the pass and the checkpoint stay as
 * they were, and the next pass, whose first reading stays down, keeps that one alert open.
 */
class MonitorPassEndTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-pass-end");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(12));
  static final Instant LAST = END.minus(GeneratedHistory.MINUTE);
  static final GeneratedHistory history = new GeneratedHistory(4242, 6);
  static String oven;
  static double before;

  @BeforeAll
  static void writeHistoryAndTrain() {
    history.write(db.database(), CUT.minus(Duration.ofDays(3)), CUT, 0);
    history.write(db.database(), CUT, END, 0);
    new ModelTrainer(db.database(), ModelRepository.at(models), fixed(CUT)).train(CUT.minus(Duration.ofDays(3)), CUT);
    oven = db.queryString("SELECT min(sensor_id) FROM sensors_data WHERE sensor_id LIKE 'oven%'");
    before = value(LAST.minus(GeneratedHistory.MINUTE));
    setValue(LAST, before - 50);
  }

  @Test
  void theLastReadingsDropAlertsAtTheEndOfThePassAndTheNextPassKeepsItOpen() {
    List<AlertChange> events = new ArrayList<>();
    Monitor monitor = monitor(END, events);
    CycleSummary pass = monitor.runOnce();
    assertThat(ovenAlerts()).as("unconfirmed in the pass").isEmpty();
    String state = savedState();
    Checkpoint checkpoint = new AlertStore(db.database()).checkpoints().get(oven);

    CycleSummary ended = monitor.endPass(pass);

    List<AlertRow> alerts = ovenAlerts();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).openedAt()).isEqualTo(LAST);
    assertThat(alerts.get(0).resolvedAt()).isNull();
    assertThat(alerts.get(0).kind()).isEqualTo(AnomalyKind.DROP);
    assertThat(ended.opened()).isEqualTo(pass.opened() + 1);
    assertThat(events).anyMatch(e -> e.type() == AlertChange.Type.OPENED && e.alert().sensorId().equals(oven));
    assertThat(savedState()).as("the running state stays as scored").isEqualTo(state);
    assertThat(new AlertStore(db.database()).checkpoints().get(oven)).usingRecursiveComparison()
        .ignoringFields("updatedAt").isEqualTo(checkpoint);

    history.write(db.database(), END, END.plus(GeneratedHistory.MINUTE), 0);
    setValue(END, before - 49);
    List<AlertChange> next = new ArrayList<>();
    monitor(END.plus(GeneratedHistory.MINUTE), next).runOnce();

    assertThat(ovenAlerts()).hasSize(1);
    assertThat(ovenAlerts().get(0).resolvedAt()).as("confirmed by the next reading").isNull();
    assertThat(next).noneMatch(e -> e.type() == AlertChange.Type.OPENED && e.alert().sensorId().equals(oven));
  }

  private static List<AlertRow> ovenAlerts() {
    return new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(2))).stream()
        .filter(a -> a.sensorId().equals(oven)).toList();
  }

  private static String savedState() {
    return db.queryString("SELECT encode(state, 'hex') FROM monitor_state WHERE sensor_id = ?", oven);
  }

  private static double value(Instant at) {
    return Double.parseDouble(db.queryString("SELECT value FROM sensors_data WHERE sensor_id = ? AND timestamp = ?",
        oven, Timestamp.from(at)));
  }

  private static void setValue(Instant at, double value) {
    db.execute("UPDATE sensors_data SET value = " + value + " WHERE sensor_id = '" + oven + "' AND timestamp = '"
        + at + "'");
  }

  private static Monitor monitor(Instant now, List<AlertChange> events) {
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    return new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(events), fixed(now));
  }

  private static Clock fixed(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }
}
