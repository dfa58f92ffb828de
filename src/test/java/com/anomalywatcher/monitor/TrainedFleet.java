package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A generated fleet of 12 sensors in a test database, with a day of history before {@link #CUT}
 * trained into models, and monitors over it at threshold 0.7 with the default quiet period and a
 * 15-minute window: the fixture the tests of silent and offline sensors share.
 */
final class TrainedFleet {
  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  /** The start of the history: a day before {@link #CUT}. */
  static final Instant HISTORY_FROM = CUT.minus(Duration.ofDays(1));

  private final TestDatabase db;
  private final Path models;
  private final GeneratedHistory history;

  TrainedFleet(TestDatabase db, Path models, long seed) {
    this.db = db;
    this.models = models;
    this.history = new GeneratedHistory(seed, 12);
  }

  /** The id of the fleet's {@code index}-th sensor. */
  String sensorId(int index) {
    return history.fleet().get(index).sensorId();
  }

  /** Writes the fleet's clean readings at one-minute steps in {@code [from, to)}, continuing the simulation. */
  void write(Instant from, Instant to) {
    history.write(db.database(), from, to, 0);
  }

  /**
   * Makes the sensor's history before {@link #CUT} lose runs of 1 to 4 readings every hour (minutes
   * 10, 20-21, 30-32 and 40-43): 5 lost in a row are still usual for it.
   */
  void loseUsualRunsBeforeCut(String sensorId) {
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + sensorId + "' AND timestamp < '" + CUT
        + "' AND extract(minute FROM timestamp)::int IN (10, 20, 21, 30, 31, 32, 40, 41, 42, 43)");
  }

  /** Trains every sensor's model on its history, {@link #HISTORY_FROM} to {@link #CUT}. */
  void train() {
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(HISTORY_FROM, CUT);
  }

  /** A monitor of the fleet's trained models, delivering to {@code sink}, its time from {@code clock}. */
  Monitor monitor(AlertSink sink, Clock clock) {
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    return new Monitor(db.database(), ModelRepository.at(models), settings, sink, clock);
  }

  /** The stored {@code offline} alerts opened up to {@code until}. */
  List<AlertRow> offlineAlerts(Instant until) {
    return new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, until).stream()
        .filter(a -> a.kind() == AnomalyKind.OFFLINE).toList();
  }
}
