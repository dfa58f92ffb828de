package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.Difficulty;

/**
 * The fleet-wide anomaly schedule parameters derived from the settings. A sensor with anomalies
 * alternates an episode of 5-30 readings (10-30 for gradual kinds and stuck lamps) with a gap
 * proportional to the episode's length (see {@link #gapPerReading()}), at least 60 readings when
 * the rate allows. The rate is the fraction of ALL readings, and the fan switches (one
 * kind in six) have none, so the sensors that do have anomalies run at {@code rate × 6/5} (the
 * ratio comes from the {@link SensorKind} table, not from the fleet, so a sensor's stream does not
 * depend on the fleet size; it is exact for fleets of whole sites, 6, 12, 18... sensors). In the
 * realistic world every kind has anomalies (the fan switch can go offline) and episode lengths
 * are drawn in minutes per kind and difficulty ({@code ScaledAnomaly.activeMinutes}); the gap after
 * an episode is proportional to its length either way, so the rate holds.
 */
record AnomalyPlan(long intervalMillis, double rate, boolean demo, DemoScript script, World world, Difficulty difficulty) {
  static final double MEAN_READINGS = (EpisodeScheduler.MIN_READINGS + EpisodeScheduler.MAX_READINGS) / 2.0;
  /** Readings between two episodes at least, so that alerts on one sensor can resolve in between. */
  static final double MIN_GAP_READINGS = 60;

  static AnomalyPlan of(SimulationSettings settings) {
    return new AnomalyPlan(Math.max(1, settings.interval().toMillis()), settings.anomalyRate(), settings.demo(), new DemoScript(),
        settings.world(), settings.effectiveDifficulty());
  }

  /** The rate of the sensors that have anomalies, compensating for those that have none. */
  double sensorRate() {
    int all = SensorKind.values().length;
    int withAnomalies = 0;
    for (SensorKind k : SensorKind.values()) {
      withAnomalies += k.anomalyKinds(world).isEmpty() ? 0 : 1;
    }
    return Math.min(1.0, rate * all / withAnomalies);
  }

  boolean isRandom() {
    return !demo && rate > 0;
  }

  /**
   * Gap readings per episode reading: a gap after an episode of L readings is drawn uniformly in
   * [0.5, 1.5] × L × (1 - r) / r, so the expected fraction is exactly r whatever the episode
   * lengths of the kinds.
   */
  double gapPerReading() {
    double r = sensorRate();
    return r >= 1.0 ? 0 : (1 - r) / r;
  }

  double meanGapReadings() {
    return MEAN_READINGS * gapPerReading();
  }

  double minGapReadings() {
    return Math.min(MIN_GAP_READINGS, meanGapReadings() / 2);
  }

  /**
   * How far (in readings) the plan may fall behind before a sensor takes any moment where an
   * anomaly still shows, instead of waiting for a clearly visible one (e.g. an oven spike while
   * the oven is off). Four mean cycles: two days at rate 0.02, 70 readings at rate 1.
   */
  double relaxAfterReadings() {
    return 4 * meanCycleReadings();
  }

  double meanCycleReadings() {
    return MEAN_READINGS + meanGapReadings();
  }
}
