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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} then {@code run}: six hours of six sensors, never trained nor watched, are history
 * when {@code run}'s monitor starts. Scored as they came, by detectors warmed on their first dozen
 * readings, they opened alerts that matched no injected anomaly (measured on a demo: a restaurant
 * oven cooling at closing time "— drift", a lamp switched off at night "— stuck off"); learned as
 * warm-up they open none, and the readings after them are judged.
 */
class HistoryAsWarmUpTest {
  @RegisterExtension static final TestDatabase scored = TestDatabase.fresh("history-scored");
  @RegisterExtension static final TestDatabase learned = TestDatabase.fresh("history-learned");
  @TempDir static Path models;

  static final Instant NOW = Instant.parse("2026-03-07T03:00:00Z");
  static final Instant FROM = NOW.minus(Duration.ofHours(6));

  static MonitorSettings live() {
    return MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15))
        .withReorderReadings(MonitorSettings.DEFAULT_REORDER_READINGS)
        .withStateShares(MonitorSettings.DEFAULT_STATE_SHARES);
  }

  private static List<AlertRow> alerts(TestDatabase db) {
    return new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void aSensorsStoredHistoryWithoutModelIsLearnedNotJudged() {
    for (TestDatabase db : List.of(scored, learned)) {
      new GeneratedHistory(2026, 6).write(db.database(), FROM, NOW, 0);
    }
    SettableClock clock = new SettableClock(NOW);

    new Monitor(scored.database(), ModelRepository.at(models.resolve("a")), live(), Sinks.none(), clock).runOnce();
    Monitor monitor = new Monitor(learned.database(), ModelRepository.at(models.resolve("b")),
        live().withHistoryAsWarmUp(), Sinks.none(), clock);
    CycleSummary first = monitor.runOnce();

    System.out.println("history scored as live: " + alerts(scored));
    assertThat(alerts(scored)).as("the history judged as it came (the fault)").isNotEmpty()
        .noneMatch(a -> a.kind() == AnomalyKind.OFFLINE);
    assertThat(alerts(learned)).as("the history learned as warm-up").isEmpty();
    long stored = learned.queryLong("SELECT count(*) FROM sensors_data");
    assertThat(first.scored()).isEqualTo(stored);
    assertThat(learned.queryLong("SELECT sum(scored_count) FROM monitor_checkpoints")).isEqualTo(stored);

    // the run's readings are judged: an oven 400 °C above itself for three minutes alerts
    String oven = learned.queryString("SELECT sensor_id FROM sensors_data WHERE sensor_id LIKE 'oven-%' LIMIT 1");
    learned.execute("INSERT INTO sensors_data (timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " SELECT timestamp + interval '1 minute' * g, sensor_id, type, category, value + 400, unit, location, sensors_metadata"
        + " FROM sensors_data, generate_series(1, 3) g WHERE sensor_id = '" + oven + "' AND timestamp = "
        + "(SELECT max(timestamp) FROM sensors_data WHERE sensor_id = '" + oven + "')");
    clock.set(NOW.plus(Duration.ofMinutes(5)));
    monitor.runOnce();
    assertThat(alerts(learned)).singleElement().satisfies(a -> assertThat(a.sensorId()).isEqualTo(oven));
  }
}
