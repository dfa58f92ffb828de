package com.anomalywatcher.monitor;

import static com.anomalywatcher.monitor.MonitorOfflineTest.END;
import static com.anomalywatcher.monitor.MonitorOfflineTest.SILENT_FROM;
import static com.anomalywatcher.monitor.MonitorOfflineTest.SILENT_TO;
import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code monitor --once} pass prints its alerts in time order. The monitor finds a sensor's
 * silence at the reading that ends it (or at the end of the pass), so it delivers the
 * {@code offline} alert after the alerts other sensors opened meanwhile; the console printed them as
 * delivered, an {@code offline} ALERT after an ALERT of a later time.
 */
class MonitorConsoleOrderTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-console-order");
  @TempDir static Path models;

  /** Another sensor's fault, while the silent one (silent as in MonitorOfflineTest) is offline. */
  static final Instant FAULT_FROM = SILENT_FROM.plus(Duration.ofMinutes(20));

  @Test
  void aPassPrintsAnOfflineAlertBeforeTheAlertsOfLaterTimes() {
    TrainedFleet fleet = new TrainedFleet(db, models, 77);
    fleet.write(TrainedFleet.HISTORY_FROM, END);
    String silent = fleet.sensorId(0);
    String faulty = IntStream.range(0, 12).mapToObj(fleet::sensorId).filter(id -> id.startsWith("heater-"))
        .findFirst().orElseThrow();
    db.execute("DELETE FROM sensors_data WHERE sensor_id = '" + silent + "' AND timestamp >= '" + SILENT_FROM
        + "' AND timestamp < '" + SILENT_TO + "'");
    db.execute("UPDATE sensors_data SET value = value + 30 WHERE sensor_id = '" + faulty + "' AND timestamp >= '"
        + FAULT_FROM + "' AND timestamp < '" + FAULT_FROM.plus(Duration.ofMinutes(10)) + "'");
    fleet.loseUsualRunsBeforeCut(silent);
    fleet.train();
    List<AlertChange> delivered = new ArrayList<>();
    StringWriter text = new StringWriter();
    AlertSinks sinks = new AlertSinks(List.of(Sinks.collecting(delivered), new ConsoleSink(new PrintWriter(text))));
    Monitor monitor = fleet.monitor(sinks, Clock.fixed(END.plus(Duration.ofHours(1)), ZoneOffset.UTC));

    monitor.endPass(monitor.runOnce());
    sinks.passEnded();

    List<AlertChange> opened = delivered.stream().filter(c -> c.type() == AlertChange.Type.OPENED).toList();
    AlertChange offline = opened.stream().filter(c -> c.alert().kind() == AnomalyKind.OFFLINE).findFirst().orElseThrow();
    AlertChange fault = opened.stream().filter(c -> c.alert().sensorId().equals(faulty)).findFirst().orElseThrow();
    assertThat(offline.alert().openedAt()).isBefore(fault.alert().openedAt());
    assertThat(opened.indexOf(offline)).as("delivered after the later alert").isGreaterThan(opened.indexOf(fault));
    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize((int) delivered.stream().filter(c -> c.type() != AlertChange.Type.UPDATED).count());
    assertThat(lines).extracting(l -> l.substring(9, 28)).isSorted();
    assertThat(indexOf(lines, silent + ": no reading since")).isLessThan(indexOf(lines, faulty + ": "));
  }

  private static int indexOf(List<String> lines, String part) {
    return IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(part)).findFirst().orElseThrow();
  }
}
