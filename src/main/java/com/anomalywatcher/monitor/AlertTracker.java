package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One sensor's incident lifecycle: an alert opens on the first reading scored at or above the
 * threshold, stays one alert while readings keep crossing it (its peak is kept), and resolves after
 * {@link AlertPolicy#quietReadings()} consecutive readings below it. Owned by the monitor thread.
 */
final class AlertTracker {
  private final AlertPolicy policy;
  /** Anomalous readings of an incident during which an equal score may still refine its kind. */
  static final int SETTLING_READINGS = 3;

  private final SensorInfo sensor;
  private AlertRow open;
  private int quiet;
  /** Anomalous readings of the open incident; an incident taken over from a previous run counts as settled. */
  private int anomalousReadings;

  /**
   * @param open the sensor's alert still open from a previous run, or null
   * @param quiet readings below the threshold since that alert's last anomalous reading
   */
  AlertTracker(SensorInfo sensor, AlertPolicy policy, AlertRow open, int quiet) {
    this.sensor = Objects.requireNonNull(sensor, "sensor");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.open = open;
    this.quiet = open == null ? 0 : quiet;
    this.anomalousReadings = open == null ? 0 : SETTLING_READINGS + 1;
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
      return List.of(new AlertChange(AlertChange.Type.RESOLVED, resolved), step(at, value, d, true));
    }
    AlertChange c = step(at, value, d, anomalous);
    return c == null ? List.of() : List.of(c);
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
      open = row(at, null, at, d.score(), at, value, d);
      quiet = 0;
      anomalousReadings = 1;
      return new AlertChange(AlertChange.Type.OPENED, open);
    }
    if (anomalous) {
      quiet = 0;
      anomalousReadings++;
      // A higher score replaces the kind and explanation. So does an equal one in the first few
      // readings, which know more about the incident (a flicker's second toggle, an oscillation's
      // swing back); later, equal scores come from the way back to normal and would only blur it.
      boolean replaces = d.score() > open.peakScore()
          || (d.score() == open.peakScore() && anomalousReadings <= SETTLING_READINGS);
      open = replaces ? row(open.openedAt(), null, at, d.score(), at, value, d) : withLastAnomalous(open, at);
      return new AlertChange(AlertChange.Type.UPDATED, open);
    }
    quiet++;
    if (quiet < policy.quietReadings()) {
      return null;
    }
    AlertRow resolved = withResolved(open, at);
    open = null;
    quiet = 0;
    return new AlertChange(AlertChange.Type.RESOLVED, resolved);
  }

  /** The open alert, or null. */
  AlertRow openAlert() {
    return open;
  }

  /** Readings below the threshold since the open alert's last anomalous one (0 when none is open). */
  int quietReadings() {
    return quiet;
  }

  private AlertRow row(Instant opened, Instant resolved, Instant last, double peak, Instant peakAt,
      double value, Detection d) {
    String explanation =
        Explanations.explain(sensor, peakAt, value, d.expectedLow(), d.expectedHigh(), d.kind());
    return new AlertRow(sensor.sensorId(), sensor.category(), sensor.location(), opened, resolved, last,
        peak, peakAt, d.kind(), value, d.expectedLow(), d.expectedHigh(), sensor.unit(), explanation);
  }

  private static AlertRow withLastAnomalous(AlertRow a, Instant last) {
    return new AlertRow(a.sensorId(), a.category(), a.location(), a.openedAt(), null, last,
        a.peakScore(), a.peakAt(), a.kind(), a.value(), a.expectedLow(), a.expectedHigh(), a.unit(),
        a.explanation());
  }

  private static AlertRow withResolved(AlertRow a, Instant resolved) {
    return new AlertRow(a.sensorId(), a.category(), a.location(), a.openedAt(), resolved,
        a.lastAnomalousAt(), a.peakScore(), a.peakAt(), a.kind(), a.value(), a.expectedLow(),
        a.expectedHigh(), a.unit(), a.explanation());
  }
}
