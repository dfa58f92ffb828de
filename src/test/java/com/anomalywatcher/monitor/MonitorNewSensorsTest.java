package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running monitor lists the stored sensors once; later cycles find new sensors in the rows
 * committed since, whatever their timestamps: a sensor whose history is written after the first
 * cycle, all of it older than the others' checkpoints, is watched and every reading of it scored.
 */
class MonitorNewSensorsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-new-sensors");
  @TempDir static Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));

  @Test
  void aSensorBackfilledAfterTheFirstCycleIsWatchedAndScoredInTheNext() {
    GeneratedHistory first = new GeneratedHistory(21, 4);
    first.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    Monitor monitor = new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.none(), Clock.fixed(END.plusSeconds(60), ZoneOffset.UTC));
    CycleSummary one = monitor.runOnce();
    assertThat(one.sensors()).isEqualTo(4);

    GeneratedHistory later = new GeneratedHistory(22, 1);
    String newcomer = later.fleet().get(0).sensorId();
    assertThat(first.fleet()).noneMatch(s -> s.sensorId().equals(newcomer));
    later.write(db.database(), CUT, END.minus(Duration.ofHours(1)), 0); // older than the others' checkpoints
    CycleSummary two = monitor.runOnce();

    long stored = db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = ?", newcomer);
    assertThat(stored).isPositive();
    assertThat(two.sensors()).isEqualTo(5);
    assertThat(two.scored()).isEqualTo(stored);
    Map<String, Checkpoint> checkpoints = new AlertStore(db.database()).checkpoints();
    assertThat(checkpoints.get(newcomer).scoredCount()).isEqualTo(stored);
    CycleSummary three = monitor.runOnce();
    assertThat(three.scored()).isZero();
  }
}
