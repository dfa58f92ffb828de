package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live monitor scores a sensor's readings past a missing one at once (none waits for it). When
 * the missing reading arrives within the reorder window, it is scored in its place: the sensor's
 * state goes back to before the gap, the late reading is judged, and the readings after it are
 * re-learned without being judged again, so the sensor's running state ends byte for byte as if
 * the reading had come on time, and each reading is scored once. A late anomalous reading inside
 * the incident its later readings opened opens no alert of its own; one that confirms an onset
 * before it, outside any incident, does. Past the
 * window a late reading is scored out of order, as before.
 */
class MonitorReorderWindowTest {
  @RegisterExtension static final TestDatabase late = TestDatabase.fresh("monitor-reorder");
  @RegisterExtension static final TestDatabase onTime = TestDatabase.fresh("monitor-reorder-on-time");
  @RegisterExtension static final TestDatabase spiked = TestDatabase.fresh("monitor-reorder-spiked");
  @TempDir static Path lateModels;
  @TempDir static Path spikedModels;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));
  /** The reading that comes late: two readings of its sensor come after it before the monitor's cycle. */
  static final Instant MISSING = END.minus(Duration.ofMinutes(3));
  /** The reorder window of the test's monitors, in readings. */
  static final int REORDER = 3;

  @Test
  void aReadingLateWithinTheWindowIsScoredInItsPlaceAndTheStateEndsAsIfOnTime() {
    List<SensorSpec> fleet = write(late, 95);
    write(onTime, 95);
    String analog = first(fleet, SensorKind.OVEN_TEMPERATURE, SensorKind.HEATER_TEMPERATURE);
    String fan = first(fleet, SensorKind.FAN_SPEED);
    String overdue = first(fleet, SensorKind.PARTICULATE_MATTER);
    train(late, lateModels);
    hold(late, MISSING, analog, fan, overdue);
    SettableClock clock = new SettableClock(END.plusSeconds(30));
    Monitor monitor = monitor(late, lateModels, clock);

    CycleSummary first = monitor.runOnce();
    for (String id : List.of(analog, fan, overdue)) {
      assertThat(checkpoint(id)).as("scored up to its newest reading at once, nothing waits").isEqualTo(END.minus(
          Duration.ofMinutes(1)));
    }
    assertThat(first.scored()).as("every reading stored").isEqualTo(stored(late));
    Monitor onTimeMonitor = monitor(onTime, lateModels, Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC));
    onTimeMonitor.runOnce();
    assertThat(monitor.runningState(analog)).as("without the missing reading").isNotEqualTo(
        onTimeMonitor.runningState(analog));

    arrive(late, analog, fan);
    CycleSummary second = monitor.runOnce();
    assertThat(second.late()).isEqualTo(2);
    assertThat(second.inPlace()).as("both came within the window").isEqualTo(2);
    assertThat(second.scored()).as("the late readings only: the ones after them are not judged again").isEqualTo(2);
    assertThat(monitor.runningState(analog)).as("the analog sensor as if its reading had come on time")
        .isEqualTo(onTimeMonitor.runningState(analog));
    assertThat(monitor.runningState(fan)).as("the fan speed sensor, judged against its switch as it then stood")
        .isEqualTo(onTimeMonitor.runningState(fan));
    assertThat(checkpoint(analog)).isEqualTo(END.minus(Duration.ofMinutes(1)));

    clock.set(END.plus(Duration.ofMinutes(5))); // the missing reading was due over the window and an interval ago
    byte[] before = monitor.runningState(overdue);
    arrive(late, overdue);
    CycleSummary third = monitor.runOnce();
    assertThat(third.late()).isEqualTo(1);
    assertThat(third.inPlace()).as("past the window: scored out of order").isZero();
    assertThat(monitor.runningState(overdue)).as("a reading scored out of order is not learned").isEqualTo(before);
    assertThat(late.queryLong("SELECT count(*) FROM monitor_checkpoints m WHERE scored_count <> (SELECT count(*)"
        + " FROM sensors_data d WHERE d.sensor_id = m.sensor_id AND d.timestamp >= ?)", Timestamp.from(CUT)))
        .as("each reading scored exactly once").isZero();
  }

  @Test
  void aLateAnomalousReadingOpensNoAlertOfItsOwnInsideTheIncidentItsLaterReadingsOpened() {
    List<SensorSpec> fleet = write(spiked, 96);
    String inIncident = first(fleet, SensorKind.OVEN_TEMPERATURE);
    String alone = first(fleet, SensorKind.HEATER_TEMPERATURE);
    train(spiked, spikedModels);
    // the oven reads its maximum from the missing reading on; the heater reads past its physical
    // range at the missing reading and the one before (a single reading never alerts: the missing
    // one confirms the onset, as it would have on time; scored out of order it would not)
    spiked.execute("UPDATE sensors_data SET value = 349 WHERE sensor_id = '" + inIncident + "' AND timestamp >= '"
        + MISSING + "'");
    spiked.execute("UPDATE sensors_data SET value = 400 WHERE sensor_id = '" + alone + "' AND timestamp IN ('"
        + MISSING.minus(Duration.ofMinutes(1)) + "', '" + MISSING + "')");
    hold(spiked, MISSING, inIncident, alone);
    Monitor monitor = monitor(spiked, spikedModels, Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC));
    monitor.runOnce();
    List<String> opened = alerts(inIncident);
    assertThat(opened).as("the readings after the gap opened the oven's alert").hasSize(1);
    assertThat(opened.get(0)).endsWith(" open");
    assertThat(alerts(alone)).isEmpty();

    arrive(spiked, inIncident, alone);
    CycleSummary next = monitor.runOnce();
    assertThat(next.inPlace()).isEqualTo(2);
    assertThat(alerts(inIncident)).as("no alert of its own: the open incident speaks for it").isEqualTo(opened);
    assertThat(alerts(alone)).as("confirming the onset before it, it is an alert of one reading, arrived late").containsExactly(
        MISSING + " resolved");
  }

  private static List<SensorSpec> write(TestDatabase db, long seed) {
    GeneratedHistory history = new GeneratedHistory(seed, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    return history.fleet();
  }

  private static String first(List<SensorSpec> fleet, SensorKind... kinds) {
    return fleet.stream().filter(s -> List.of(kinds).contains(s.kind())).findFirst().orElseThrow().sensorId();
  }

  private static void train(TestDatabase db, Path models) {
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
  }

  /** Takes the sensors' readings at {@code at} out of the store, to {@link #arrive} later. */
  private static void hold(TestDatabase db, Instant at, String... sensorIds) {
    db.execute("CREATE TABLE held AS SELECT * FROM sensors_data WHERE timestamp = '" + at + "' AND sensor_id IN ("
        + quoted(sensorIds) + ")");
    db.execute("DELETE FROM sensors_data d USING held h WHERE d.sensor_id = h.sensor_id AND d.timestamp = h.timestamp");
  }

  private static void arrive(TestDatabase db, String... sensorIds) {
    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " SELECT id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata FROM held"
        + " WHERE sensor_id IN (" + quoted(sensorIds) + ")");
  }

  private static String quoted(String... ids) {
    List<String> q = new ArrayList<>();
    for (String id : ids) {
      q.add("'" + id + "'");
    }
    return String.join(", ", q);
  }

  private static long stored(TestDatabase db) {
    return db.queryLong("SELECT count(*) FROM sensors_data WHERE timestamp >= ?", Timestamp.from(CUT));
  }

  private static Monitor monitor(TestDatabase db, Path models, Clock clock) {
    return new Monitor(db.database(), ModelRepository.at(models),
        MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)).withReorderReadings(REORDER),
        Sinks.none(), clock);
  }

  private static Instant checkpoint(String sensorId) {
    return Instant.parse(late.queryString(
        "SELECT to_char(last_scored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM monitor_checkpoints"
            + " WHERE sensor_id = ?", sensorId));
  }

  /** The sensor's alerts as "opened-at open|resolved", in order. */
  private static List<String> alerts(String sensorId) {
    String all = spiked.queryString("SELECT coalesce(string_agg(to_char(opened_at AT TIME ZONE 'UTC',"
        + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || CASE WHEN resolved_at IS NULL THEN ' open' ELSE ' resolved' END, ';'"
        + " ORDER BY opened_at), '') FROM alerts WHERE sensor_id = ?", sensorId);
    return all.isEmpty() ? List.of() : List.of(all.split(";"));
  }
}
