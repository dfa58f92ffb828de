package com.anomalywatcher.monitor;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One-line alert explanations in the domain's words, e.g. {@code oven-x: 312 °C at 14:02, expected 180–205 °C — spike}. */
final class Explanations {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private Explanations() {}

  static String explain(SensorInfo sensor, Instant at, double value, double low, double high, AnomalyKind kind) {
    String expected = expected(sensor.unit(), low, high);
    return sensor.sensorId() + ": " + quantity(sensor.unit(), value) + " at " + HH_MM.format(at)
        + (expected.isEmpty() ? "" : ", expected " + expected) + " — " + kind.dbName().replace('_', ' ');
  }

  private static String expected(String unit, double low, double high) {
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      return "";
    }
    if ("io".equals(unit)) {
      return low == high ? onOff(low) : "on or off";
    }
    if (number(low).equals(number(high))) {
      return quantity(unit, low);
    }
    return number(low) + "–" + number(high) + " " + Units.shown(unit);
  }

  private static String quantity(String unit, double value) {
    return "io".equals(unit) ? onOff(value) : number(value) + " " + Units.shown(unit);
  }

  private static String onOff(double v) {
    return v >= 0.5 ? "on" : "off";
  }

  static String number(double v) {
    double a = Math.abs(v);
    return a >= 100 || a == Math.rint(a)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
