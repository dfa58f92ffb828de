package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The console's alert lines: at the sensor's local time with its zone's name, as the explanation
 * beside them and the run summary say it (UTC, named, when the zone is unknown), and a pass's lines
 * in time order whatever order the monitor delivered them in.
 */
class ConsoleSinkTest {
  /** 13:05 UTC on Saturday 2026-03-28 is 14:05 CET in Berlin, the day before summer time. */
  private static final Instant SATURDAY = Instant.parse("2026-03-28T13:05:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final SensorInfo OVEN =
      new SensorInfo("oven-restaurant-3fa2c1", "oven", "restaurant", "°C", BERLIN);

  private final StringWriter text = new StringWriter();
  private final ConsoleSink console = new ConsoleSink(new PrintWriter(text));

  @Test
  void showsAnAlertsTimesInItsSensorsLocalTimeWithTheZone() {
    AlertTracker tracker = new AlertTracker(OVEN, new AlertPolicy(0.7, 2), null, 0);
    Detection drop = new Detection(1, AnomalyKind.DROP, 195, 210, true);
    Detection calm = new Detection(0.1, null, 195, 210, true);
    tracker.observe(SATURDAY, 152, drop).forEach(console::deliver);
    tracker.observe(SATURDAY.plus(Duration.ofMinutes(34)), 200, calm).forEach(console::deliver);
    tracker.observe(SATURDAY.plus(Duration.ofMinutes(35)), 201, calm).forEach(console::deliver);

    console.passEnded();

    assertThat(text.toString().lines()).containsExactly(
        "ALERT    2026-03-28 14:05:00 CET   score 1.00  oven-restaurant-3fa2c1: 152 °C at 14:05 Sat (local),"
            + " expected 195–210 °C — drop",
        "RESOLVED 2026-03-28 14:40:00 CET   oven-restaurant-3fa2c1 after 35 min (peak 1.00, drop)");
  }

  @Test
  void namesUtcWhenTheSensorsZoneIsUnknown() {
    console.deliver(new AlertChange(AlertChange.Type.OPENED, alert("fan-x", AnomalyKind.STALL, SATURDAY)));

    console.passEnded();

    assertThat(text.toString()).startsWith("ALERT    2026-03-28 13:05:00 UTC   score 1.00  fan-x: stall");
  }

  @Test
  void printsAPassInTimeOrderWhenItEnds() {
    // as a monitor delivers them: an offline alert is found at the reading that ends the silence,
    // after another sensor's alert of a later time
    Instant offlineAt = SATURDAY.minus(Duration.ofMinutes(20));
    console.deliver(new AlertChange(AlertChange.Type.OPENED, alert("heater-x", AnomalyKind.SPIKE, SATURDAY), BERLIN));
    console.deliver(new AlertChange(AlertChange.Type.OPENED, alert("lamp-x", AnomalyKind.OFFLINE, offlineAt), BERLIN));
    assertThat(text.toString()).as("nothing before the pass ends").isEmpty();

    console.passEnded();

    assertThat(text.toString().lines()).containsExactly(
        "ALERT    2026-03-28 13:45:00 CET   score 1.00  lamp-x: offline",
        "ALERT    2026-03-28 14:05:00 CET   score 1.00  heater-x: spike");
  }

  @Test
  void closePrintsWhatAPassCutShortLeft() {
    console.deliver(new AlertChange(AlertChange.Type.OPENED, alert("fan-x", AnomalyKind.STALL, SATURDAY)));

    console.close();

    assertThat(text.toString()).contains("fan-x: stall");
  }

  private static AlertRow alert(String sensor, AnomalyKind kind, Instant at) {
    return new AlertRow(sensor, "x", "restaurant", at, null, at, 1, at, kind, Double.NaN, Double.NaN, Double.NaN, "",
        sensor + ": " + kind.dbName());
  }
}
