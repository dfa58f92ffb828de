package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Swing;
import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One-line alert explanations in the domain's words, at the site's local time and day, e.g.
 * {@code oven-x: 152 °C at 14:05 Sat (local), expected 195–210 °C — drop}; in UTC when the site's
 * time zone is unknown ({@code at 14:05 Sat UTC}). The expected range is left out when there is none;
 * a return to a level the sensor had left says where it came back from instead ({@link #returned}).
 */
final class Explanations {
  private static final DateTimeFormatter TIME_DAY = DateTimeFormatter.ofPattern("HH:mm EEE", Locale.ENGLISH);

  private Explanations() {}

  static String explain(SensorInfo sensor, Instant at, double value, double low, double high, AnomalyKind kind) {
    String expected = expected(sensor.unit(), low, high);
    return sensor.sensorId() + ": " + quantity(sensor.unit(), value) + " at " + when(sensor, at)
        + (expected.isEmpty() ? "" : ", expected " + expected) + " — " + kind.dbName().replace('_', ' ');
  }

  /**
   * A reading back at a level the sensor had left, e.g. the end of a drift:
   * {@code heater-x: 31.9 °C at 06:18 Wed (local), back from 39.4 °C — drift}. It names the reading
   * it came back from, not a range: the level the sensor had got to was never what was expected.
   */
  static String returned(SensorInfo sensor, Instant at, double value, double from, AnomalyKind kind) {
    return sensor.sensorId() + ": " + quantity(sensor.unit(), value) + " at " + when(sensor, at) + ", back from "
        + quantity(sensor.unit(), from) + " — " + kind.dbName().replace('_', ' ');
  }

  /**
   * A slow fault that no expected range can show, stated by what the detector saw instead:
   * {@code heater-x: 48.1 °C at 14:05 Sat (local), its readings 3.1 times smoother than on its usual
   * days at their quietest — element ageing}.
   */
  static String detailed(SensorInfo sensor, Instant at, double value, String detail, AnomalyKind kind) {
    return sensor.sensorId() + ": " + quantity(sensor.unit(), value) + " at " + when(sensor, at) + ", " + detail
        + " — " + kind.dbName().replace('_', ' ');
  }

  /**
   * A restless value, stated by what it swung between rather than by the one reading the alert opened
   * on (a stopped fan that vibrates reads 0 half the time): {@code fan-x: swinging 0–27 rpm over the
   * last 6 readings at 14:05 Sat (local), usually within ±3 rpm from one reading to the next — vibration}.
   */
  static String swinging(SensorInfo sensor, Instant at, Swing swing, AnomalyKind kind) {
    String unit = Units.shown(sensor.unit());
    String range = number(swing.low()).equals(number(swing.high())) ? number(swing.low())
        : number(swing.low()) + "–" + number(swing.high());
    return sensor.sensorId() + ": swinging " + range + " " + unit + " over the last " + swing.readings()
        + " readings at " + when(sensor, at) + ", usually within ±" + small(swing.usualStep()) + " " + unit
        + " from one reading to the next — " + kind.dbName().replace('_', ' ');
  }

  /** Why a sensor is offline: {@code fan-x: no reading since 14:05 Sat (local), expected one every 1 min — offline}. */
  static String silent(SensorInfo sensor, Instant lastReading, java.time.Duration interval) {
    return sensor.sensorId() + ": no reading since " + when(sensor, lastReading) + ", expected one every "
        + Durations.human(interval) + " — offline";
  }

  /** Local time and day of week, marked {@code (local)}, or UTC when the zone is unknown. */
  static String when(SensorInfo sensor, Instant at) {
    return sensor.zone() == null
        ? TIME_DAY.format(at.atZone(ZoneOffset.UTC)) + " UTC"
        : TIME_DAY.format(at.atZone(sensor.zone())) + " (local)";
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
    if (!Double.isFinite(value)) {
      return "no reading";
    }
    return "io".equals(unit) ? onOff(value) : number(value) + " " + Units.shown(unit);
  }

  private static String onOff(double v) {
    return v >= 0.5 ? "on" : "off";
  }

  /** A positive amount too small for {@link #number} to show (a step of 0.04 is not 0.0): two significant digits. */
  private static String small(double v) {
    String shown = number(v);
    return v > 0 && Double.parseDouble(shown) == 0 ? String.format(Locale.ROOT, "%.2g", v) : shown;
  }

  static String number(double v) {
    double a = Math.abs(v);
    return a >= 100 || a == Math.rint(a)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
