package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.store.DashboardStore;
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
 * A person's resolve and acknowledgement on the dashboard hold against a running monitor: the
 * monitor neither reopens nor rewrites the alert a person closed, notifies that resolve once, and
 * opens a new alert when the fault goes on.
 */
class ManualResolveTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("manual-resolve");
  @TempDir Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant FAULT_FROM = CUT.plus(Duration.ofMinutes(30));
  static final Instant FAULT_TO = CUT.plus(Duration.ofMinutes(150));

  @Test
  void aResolveByAPersonHoldsAndAFaultThatGoesOnOpensANewAlert() {
    GeneratedHistory history = new GeneratedHistory(5, 12);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), CUT.plus(Duration.ofHours(4)), 0);
    String heater = history.fleet().stream().filter(s -> s.kind() == SensorKind.HEATER_TEMPERATURE)
        .findFirst().orElseThrow().sensorId();
    // A fault of two hours: the heater reads 60 °C too high.
    db.execute("UPDATE sensors_data SET value = value + 60 WHERE sensor_id = '" + heater + "' AND timestamp >= '"
        + FAULT_FROM + "' AND timestamp < '" + FAULT_TO + "'");
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);

    List<AlertChange> delivered = new ArrayList<>();
    AlertSink sink = Sinks.collecting(delivered);
    SettableClock clock = new SettableClock();
    Monitor monitor = new Monitor(db.database(), ModelRepository.at(models),
        MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)), sink, clock);
    String heaterAlerts = "SELECT %s FROM alerts WHERE sensor_id = '" + heater + "' ORDER BY opened_at";

    clock.set(CUT.plus(Duration.ofMinutes(60)));
    monitor.runOnce();
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE sensor_id = ? AND resolved_at IS NULL", heater))
        .as("the fault's alert is open").isEqualTo(1);
    long first = db.queryLong(heaterAlerts.formatted("id") + " LIMIT 1");
    Instant byHand = CUT.plus(Duration.ofMinutes(61));
    assertThat(new DashboardStore(db.database()).resolve(first, "dashboard", byHand))
        .isEqualTo(DashboardStore.Change.DONE);

    clock.set(CUT.plus(Duration.ofMinutes(120)));
    monitor.runOnce(); // the fault goes on
    assertThat(db.queryString("SELECT resolved_at || '|' || resolved_by FROM alerts WHERE id = ?", first))
        .as("the person's resolve holds").isEqualTo(db.queryString("SELECT ?::timestamptz || '|dashboard'",
            java.sql.Timestamp.from(byHand)));
    assertThat(db.queryLong("SELECT count(*) FROM alerts WHERE sensor_id = ? AND id <> ? AND opened_at > ?"
        + " AND opened_at < ?", heater, first, java.sql.Timestamp.from(byHand.minus(Duration.ofMinutes(31))),
        java.sql.Timestamp.from(FAULT_TO))).as("a new alert for the fault that went on").isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM alert_outbox WHERE alert_id = ? AND event = 'resolved'", first))
        .as("the person's resolve is notified once").isEqualTo(1);
    assertThat(delivered).filteredOn(c -> c.alert().sensorId().equals(heater))
        .extracting(AlertChange::type).startsWith(AlertChange.Type.OPENED, AlertChange.Type.RESOLVED,
            AlertChange.Type.OPENED);

    long second = db.queryLong(heaterAlerts.formatted("id") + " OFFSET 1 LIMIT 1");
    Instant acknowledged = CUT.plus(Duration.ofMinutes(121));
    new DashboardStore(db.database()).acknowledge(second, "dashboard", acknowledged);
    clock.set(CUT.plus(Duration.ofHours(4)));
    monitor.runOnce(); // the fault ends: the monitor resolves the second alert itself
    assertThat(db.queryString("SELECT (resolved_at IS NOT NULL) || '|' || coalesce(resolved_by, '-') || '|'"
        + " || acknowledged_by FROM alerts WHERE id = ?", second))
        .as("resolved by the monitor, the person's acknowledgement kept").isEqualTo("true|-|dashboard");
    assertThat(db.queryString("SELECT resolved_at || '|' || resolved_by FROM alerts WHERE id = ?", first))
        .as("the person's resolve still holds").endsWith("|dashboard");
    assertThat(db.queryLong("SELECT count(*) FROM alert_outbox WHERE alert_id = ? AND event = 'resolved'", first))
        .isEqualTo(1);
  }
}
