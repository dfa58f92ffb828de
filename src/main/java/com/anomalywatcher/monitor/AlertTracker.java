package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One sensor's incident lifecycle: an alert opens on the first reading scored at or above the
 * threshold, stays one alert while readings keep crossing it, and resolves after
 * {@link AlertPolicy#quietReadings()} consecutive readings below it.
 *
 * <p>An incident says one thing from open to resolve: its kind, value, expected range and
 * explanation are those it opened with (its peak score still rises), so the console, the JSON
 * sinks, {@code alerts} and the run summary never disagree. Only a much stronger anomaly inside the
 * open incident (a value at least {@value #ESCALATION_FACTOR} times as far outside its expected
 * range) changes them: it escalates the alert to the next severity, which is delivered like an
 * opening. Owned by the monitor thread.
 */
final class AlertTracker {
  /** How many times further outside its expected range a reading must be to escalate an open alert. */
  static final double ESCALATION_FACTOR = 3;

  private final AlertPolicy policy;
  private final SensorInfo sensor;
  private AlertRow open;
  private int quiet;
  /** When the last alert a person resolved had opened: an offline alert is not opened again there. */
  private Instant closedByPersonOpenedAt;

  /**
   * @param open the sensor's alert still open from a previous run, or null
   * @param quiet readings below the threshold since that alert's last anomalous reading
   */
  AlertTracker(SensorInfo sensor, AlertPolicy policy, AlertRow open, int quiet) {
    this.sensor = Objects.requireNonNull(sensor, "sensor");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.open = open;
    this.quiet = open == null ? 0 : quiet;
  }

  /**
   * Applies one scored reading; returns what changed (usually nothing or one change; a resolve and
   * an open when a lamp stuck one way turns out stuck the other way: two different incidents).
   */
  List<AlertChange> observe(Instant at, double value, Detection d) {
    boolean anomalous = d.ready() && d.score() >= policy.threshold();
    if (anomalous && open != null && isFlip(open.kind(), d.kind())) {
      AlertRow resolved = withResolved(open, at);
      open = null;
      quiet = 0;
      return List.of(change(AlertChange.Type.RESOLVED, resolved), step(at, value, d, true));
    }
    AlertChange c = step(at, value, d, anomalous);
    return c == null ? List.of() : List.of(c);
  }

  /**
   * Opens an alert of its own kind (e.g. {@code offline}) at {@code at}, unless one is open: the
   * monitor's verdict on the absence of readings rather than on a reading.
   */
  AlertChange openWithoutReading(Instant at, AnomalyKind kind, String explanation) {
    if (open != null || (closedByPersonOpenedAt != null && !at.isAfter(closedByPersonOpenedAt))) {
      return null;
    }
    open = new AlertRow(sensor.sensorId(), sensor.category(), sensor.location(), at, null, at, 1, at, kind,
        Double.NaN, Double.NaN, Double.NaN, sensor.unit(), explanation, 1);
    quiet = 0;
    return change(AlertChange.Type.OPENED, open);
  }

  /**
   * The verdict on a reading that arrived after the sensor had been scored past it, scored out of
   * order ({@code d}): when it reaches the threshold and no open incident of this sensor covers its
   * time, an alert of that one reading, opened and resolved at its time and marked late (delivered
   * as an opening); else null. The tracker's own incident is left as it is.
   */
  AlertChange late(Instant at, double value, Detection d) {
    boolean anomalous = d.ready() && d.score() >= policy.threshold();
    if (!anomalous || (open != null && !open.openedAt().isAfter(at))) {
      return null;
    }
    AlertRow r = row(at, at, d.score(), value, d, 1);
    return change(AlertChange.Type.OPENED, new AlertRow(r.sensorId(), r.category(), r.location(),
        r.openedAt(), at, r.lastAnomalousAt(), r.peakScore(), r.peakAt(), r.kind(), r.value(), r.expectedLow(),
        r.expectedHigh(), r.unit(), r.explanation() + " (arrived late)", r.severity()));
  }

  /**
   * A person resolved {@code closed} (on the dashboard): when it is this tracker's open alert, the
   * tracker lets go of it, so a fault that goes on opens a new alert instead of reopening the one
   * the person closed; returns the resolve to notify, or null when it was not the open alert.
   */
  AlertChange closedByPerson(AlertRow closed) {
    if (open == null || !open.openedAt().equals(closed.openedAt())) {
      return null;
    }
    open = null;
    quiet = 0;
    closedByPersonOpenedAt = closed.openedAt();
    return change(AlertChange.Type.RESOLVED, closed);
  }

  /** Resolves the open alert at {@code at} when it is of the given kind (data came back); else null. */
  AlertChange resolveIf(AnomalyKind kind, Instant at) {
    if (open == null || open.kind() != kind) {
      return null;
    }
    AlertRow resolved = withResolved(open, at);
    open = null;
    quiet = 0;
    return change(AlertChange.Type.RESOLVED, resolved);
  }

  /** A change of this tracker's sensor, with its time zone. */
  private AlertChange change(AlertChange.Type type, AlertRow alert) {
    return new AlertChange(type, alert, sensor.zone());
  }

  private static boolean isFlip(AnomalyKind openKind, AnomalyKind newKind) {
    return (openKind == AnomalyKind.STUCK_OFF && newKind == AnomalyKind.STUCK_ON)
        || (openKind == AnomalyKind.STUCK_ON && newKind == AnomalyKind.STUCK_OFF);
  }

  private AlertChange step(Instant at, double value, Detection d, boolean anomalous) {
    if (open == null) {
      if (!anomalous) {
        return null;
      }
      open = row(at, at, d.score(), value, d, 1);
      quiet = 0;
      return change(AlertChange.Type.OPENED, open);
    }
    if (anomalous) {
      quiet = 0;
      if (escalates(value, d)) {
        AnomalyKind before = open.kind();
        open = row(open.openedAt(), at, Math.max(d.score(), open.peakScore()), value, d, open.severity() + 1);
        return new AlertChange(AlertChange.Type.ESCALATED, open, sensor.zone(), before);
      }
      open = withPeak(open, at, d.score());
      return change(AlertChange.Type.UPDATED, open);
    }
    quiet++;
    if (quiet < policy.quietReadings()) {
      return null;
    }
    AlertRow resolved = withResolved(open, at);
    open = null;
    quiet = 0;
    return change(AlertChange.Type.RESOLVED, resolved);
  }

  /**
   * Whether the reading is a much stronger anomaly than the one the open alert states: at least
   * {@link #ESCALATION_FACTOR} times as far outside its expected range as the reading the alert
   * last said, counting at least half a range width for that one (the reading's range, or the
   * alert's when the reading's is a single value). A single expected value inside a {@code frozen}
   * alert (which states no range) has no width to count: any reading outside it that the detector
   * no longer calls frozen escalates, a value that stopped varying and then left its level.
   */
  private boolean escalates(double value, Detection d) {
    double width = d.expectedHigh() - d.expectedLow();
    if (!Double.isFinite(width) || width < 0 || !Double.isFinite(open.value())) {
      return false;
    }
    double away = outside(value, d.expectedLow(), d.expectedHigh());
    boolean saidRange = Double.isFinite(open.expectedLow()) && Double.isFinite(open.expectedHigh());
    if (width == 0 && open.kind() == AnomalyKind.FROZEN && !saidRange) {
      return d.kind() != AnomalyKind.FROZEN && away > 0;
    }
    double said = saidRange ? outside(open.value(), open.expectedLow(), open.expectedHigh()) : 0;
    double halfWidth = width > 0 ? width / 2 : saidRange ? (open.expectedHigh() - open.expectedLow()) / 2 : 0;
    double scale = Math.max(said, halfWidth);
    return scale > 0 && away >= ESCALATION_FACTOR * scale;
  }

  private static double outside(double value, double low, double high) {
    return Math.max(0, Math.max(low - value, value - high));
  }

  /** The sensor this tracker speaks for. */
  SensorInfo sensor() {
    return sensor;
  }

  /** The open alert, or null. */
  AlertRow openAlert() {
    return open;
  }

  /** Readings below the threshold since the open alert's last anomalous one (0 when none is open). */
  int quietReadings() {
    return quiet;
  }

  /**
   * A new statement of the incident; a range that contains the value explains nothing and is left
   * out. A return to a level the sensor had left is stated by where it came back from, never by a
   * range: the level it left is not what was expected, and its normal level is where it is now.
   */
  private AlertRow row(Instant opened, Instant at, double peak, double value, Detection d, int severity) {
    boolean explains = !d.isReturn() && Double.isFinite(d.expectedLow()) && Double.isFinite(d.expectedHigh())
        && (value < d.expectedLow() || value > d.expectedHigh());
    double low = explains ? d.expectedLow() : Double.NaN;
    double high = explains ? d.expectedHigh() : Double.NaN;
    AnomalyKind kind = d.kind() == null ? AnomalyKind.SPIKE : d.kind();
    String explanation = d.isReturn()
        ? Explanations.returned(sensor, at, value, d.returnedFrom(), kind)
        : d.swing() != null && !explains ? Explanations.swinging(sensor, at, d.swing(), kind)
        : d.detail() != null && !explains ? Explanations.detailed(sensor, at, value, d.detail(), kind)
        : Explanations.explain(sensor, at, value, low, high, kind);
    return new AlertRow(sensor.sensorId(), sensor.category(), sensor.location(), opened, null, at,
        peak, at, kind, value, low, high, sensor.unit(), explanation, severity);
  }

  private static AlertRow withPeak(AlertRow a, Instant last, double score) {
    boolean higher = score > a.peakScore();
    return new AlertRow(a.sensorId(), a.category(), a.location(), a.openedAt(), null, last,
        higher ? score : a.peakScore(), higher ? last : a.peakAt(), a.kind(), a.value(), a.expectedLow(),
        a.expectedHigh(), a.unit(), a.explanation(), a.severity());
  }

  private static AlertRow withResolved(AlertRow a, Instant resolved) {
    return new AlertRow(a.sensorId(), a.category(), a.location(), a.openedAt(), resolved,
        a.lastAnomalousAt(), a.peakScore(), a.peakAt(), a.kind(), a.value(), a.expectedLow(),
        a.expectedHigh(), a.unit(), a.explanation(), a.severity());
  }
}
