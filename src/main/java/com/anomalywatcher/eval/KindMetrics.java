package com.anomalywatcher.eval;

/**
 * Event-level figures for one anomaly kind or for all of them.
 *
 * @param episodes ground-truth episodes starting in the evaluated range
 * @param detected episodes with a matching alert
 * @param trueAlerts alerts that match an episode (of this kind)
 * @param falseAlerts alerts that match no episode (attributed to the kind the alert guessed)
 * @param recall detected / episodes (1 when there are no episodes)
 * @param precision trueAlerts / (trueAlerts + falseAlerts) (1 when there are no alerts)
 * @param medianDelayReadings median readings from episode start to the matching alert; NaN when none
 * @param p95DelayReadings 95th percentile (nearest rank) of the same; NaN when none
 * @param medianDelayHours median time in hours from episode start to the reading that opened the
 *     matching alert (the delay slow faults are judged by); NaN when none
 * @param p95DelayHours 95th percentile (nearest rank) of the same; NaN when none
 * @param falseAlertsPerSensorDay falseAlerts divided by the sensor-days evaluated
 * @param namedRight detected episodes whose detecting alert (the first that matched) names the
 *     episode's own kind: a technician sent to the named fault finds the right one
 */
public record KindMetrics(
    int episodes, int detected, int trueAlerts, int falseAlerts, double recall, double precision,
    double f1, double medianDelayReadings, double p95DelayReadings, double medianDelayHours, double p95DelayHours,
    double falseAlertsPerSensorDay, int namedRight) {
  public KindMetrics {
    if (namedRight < 0 || namedRight > detected) {
      throw new IllegalArgumentException("namedRight must be in 0.." + detected + " (detected), got " + namedRight);
    }
  }

  /** namedRight / detected, in 0..1; NaN when nothing was detected (no alert to be right or wrong). */
  public double namedRightFraction() {
    return detected == 0 ? Double.NaN : (double) namedRight / detected;
  }
}
