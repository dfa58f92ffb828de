package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.Swing;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A vibration alert says what the fan did, not the one reading it opened on: that reading is one end
 * of the swing, and on a stopped fan that vibrates (D1: readings alternating between 0 and 17–28 rpm)
 * "0 rpm — vibration" reads as nonsense.
 */
class VibrationExplanationTest {
  private static final Pattern SWINGING = Pattern.compile(
      "^(\\S+): swinging ([0-9.]+)–([0-9.]+) rpm over the last (\\d+) readings at \\d\\d:\\d\\d \\w{3} UTC,"
          + " usually within ±([0-9.]+) rpm from one reading to the next — vibration$");

  @Test
  void aStoppedFanThatVibratesIsStatedByItsSwing() {
    SensorInfo fan = new SensorInfo("fan-restaurant-97dde2", "fan", "restaurant", "rpm", ZoneId.of("Europe/Berlin"));
    AlertTracker tracker = new AlertTracker(fan, new AlertPolicy(0.7, 3), null, 0);
    Detection d = new Detection(0.9, AnomalyKind.VIBRATION, Double.NaN, Double.NaN, true, Double.NaN, null,
        new Swing(0, 27.4, 6, 2.6));

    AlertChange opened = tracker.observe(Instant.parse("2026-03-03T13:05:00Z"), 0, d).get(0);

    assertThat(opened.alert().explanation()).isEqualTo("fan-restaurant-97dde2: swinging 0–27.4 rpm over the last 6"
        + " readings at 14:05 Tue (local), usually within ±2.6 rpm from one reading to the next — vibration");
  }

  /**
   * Generated readings like D1's: a fan (switch on 08:00–20:00 UTC, running at 660 rpm ± 4, coasting
   * down in 2.5 min; stopped, it reads 0) trained for 14 days, then vibrating while stopped at 02:00
   * (0 and 17–28 rpm alternating), scored as the monitor does: the alert opens on a reading of the
   * swing, and says the lowest and highest of the readings the check judged, not that one reading.
   */
  @Test
  void aStoppedFanVibratingAlertsWithItsSwing() {
    String fanId = "fan-restaurant-97dde2";
    String switchId = "fanswitch-restaurant-f8b69b";
    Instant start = Instant.parse("2026-03-02T00:00:00Z");
    FleetDetector fleet = new FleetDetector();
    fleet.add(switchId, "restaurant", SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), switchId));
    fleet.add(fanId, "restaurant", SensorDetector.fresh(SensorKind.FAN_SPEED.description(), fanId));
    Random random = new Random(7);
    double rpm = 0;
    int trained = 14 * 1440;
    for (int minute = 0; minute < trained; minute++) {
      Instant at = start.plusSeconds(60L * minute);
      boolean on = minute % 1440 >= 8 * 60 && minute % 1440 < 20 * 60;
      rpm = on ? 660 - (660 - rpm) * Math.exp(-1 / 1.5) : rpm * Math.exp(-1 / 2.5);
      double value = on || rpm >= 1 ? Math.max(0, rpm + 4 * random.nextGaussian()) : 0;
      fleet.train(switchId, at, on ? 1 : 0);
      fleet.train(fanId, at, Math.round(value * 10) / 10.0);
    }
    AlertTracker tracker = new AlertTracker(new SensorInfo(fanId, "fan", "restaurant", "rpm"),
        new AlertPolicy(0.7, 3), null, 0);
    AlertChange vibration = null;
    List<Double> readings = new ArrayList<>();
    for (int minute = trained; minute < trained + 180 && vibration == null; minute++) {
      Instant at = start.plusSeconds(60L * minute);
      int k = minute - trained - 120;
      double value = k >= 0 && k % 2 == 1 ? Math.round(170 + 110 * random.nextDouble()) / 10.0 : 0;
      fleet.observe(switchId, at, 0);
      readings.add(value);
      for (AlertChange c : tracker.observe(at, value, fleet.observe(fanId, at, value))) {
        if (c.type() == AlertChange.Type.OPENED) {
          vibration = c;
        }
      }
    }

    assertThat(vibration).as("an alert").isNotNull();
    assertThat(vibration.alert().kind()).isEqualTo(AnomalyKind.VIBRATION);
    String explanation = vibration.alert().explanation();
    Matcher m = SWINGING.matcher(explanation);
    assertThat(m.matches()).as(explanation).isTrue();
    int n = Integer.parseInt(m.group(4));
    List<Double> judged = readings.subList(readings.size() - n, readings.size());
    double low = judged.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double high = judged.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertThat(m.group(1)).isEqualTo(fanId);
    assertThat(m.group(2)).isEqualTo(Explanations.number(low)).isEqualTo("0");
    assertThat(m.group(3)).isEqualTo(Explanations.number(high));
    assertThat(high).isGreaterThanOrEqualTo(17);
    assertThat(Double.parseDouble(m.group(5))).isPositive().isLessThan(high - low);
    assertThat(vibration.alert().value()).isBetween(low, high);
  }
}
