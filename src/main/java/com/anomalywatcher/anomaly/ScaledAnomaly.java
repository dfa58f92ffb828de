package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Anomaly sizes and durations at {@link Difficulty#NORMAL} and {@link Difficulty#HARD}: multiples
 * of the sensor's noise σ in its current state (the table in {@link AnomalyEffect} and
 * docs/WORLD.md). Stateless.
 */
public final class ScaledAnomaly {
  private ScaledAnomaly() {}

  /** Kinds whose effect does not depend on a size: the same at every difficulty. */
  static boolean isCategorical(AnomalyKind kind) {
    return switch (kind) {
      case FLICKER, STUCK_OFF, STUCK_ON, STALL, FROZEN, OFFLINE -> true;
      case SPIKE, DROP, DRIFT, OSCILLATION, VIBRATION, OVERSPEED, POLLUTION_SPIKE, SENSOR_DRIFT, CALIBRATION_ERROR,
          DUST_STORM, ELEMENT_AGEING, BEARING_WEAR -> false;
    };
  }

  static AnomalyEffect draw(AnomalyKind kind, Category category, double min, double max,
      double intervalMinutes, Difficulty difficulty, double sigma, DoubleSupplier random) {
    Map<String, Double> p = new LinkedHashMap<>();
    double m = AnomalyEffect.between(random, difficulty.lowSigmas(), difficulty.highSigmas());
    double size = AnomalyEffect.round2(m * sigma);
    double step = 0;
    double cap = 0;
    boolean hard = difficulty == Difficulty.HARD;
    switch (kind) {
      case SPIKE, DROP, POLLUTION_SPIKE, VIBRATION, BEARING_WEAR -> p.put("magnitude", size);
      case OVERSPEED -> p.put("excess", size);
      case OSCILLATION -> {
        p.put("amplitude", size);
        p.put("periodReadings", (double) (4 + (int) (random.getAsDouble() * 5)));
      }
      case DRIFT, SENSOR_DRIFT -> {
        double leaveMinutes = hard ? AnomalyEffect.between(random, 180, 480) : AnomalyEffect.between(random, 60, 120);
        double perMinute = 3 * sigma / leaveMinutes;
        p.put("ratePerMinute", round4(perMinute));
        p.put("direction", kind == AnomalyKind.SENSOR_DRIFT || random.getAsDouble() < 0.5 ? 1.0 : -1.0);
        step = perMinute * intervalMinutes;
        cap = 50 * sigma;
        p.put("ratePerReading", round4(step));
        p.put("cap", AnomalyEffect.round2(cap));
        p.put("minutesToLeave3Sigma", leaveMinutes);
      }
      case CALIBRATION_ERROR -> {
        p.put("scale", 1.0);
        p.put("offset", size);
      }
      case DUST_STORM -> {
        p.put("magnitude", AnomalyEffect.round2(3 * size));
        p.put("rampReadings", 10.0);
      }
      case ELEMENT_AGEING -> {
        p.put("tauMaxMinutes", hard ? AnomalyEffect.between(random, 10, 30) : AnomalyEffect.between(random, 20, 60));
        p.put("sag", size);
      }
      case FLICKER, STUCK_OFF, STUCK_ON, STALL, FROZEN, OFFLINE ->
          throw new IllegalStateException(kind + " has no size"); // isCategorical
    }
    p.put("sigmas", m);
    return new AnomalyEffect(kind, min, max, p, step, cap, true, intervalMinutes);
  }

  /**
   * How long the active phase of a random episode lasts, {lowest, highest} in minutes, or null
   * where the original rule applies (easy difficulty, original kinds: 5-30 readings).
   */
  public static double[] activeMinutes(AnomalyKind kind, Difficulty difficulty) {
    boolean hard = difficulty == Difficulty.HARD;
    if (difficulty == Difficulty.EASY) {
      return switch (kind) {
        case FROZEN -> new double[] {10, 30};
        case OFFLINE -> new double[] {15, 30};
        case ELEMENT_AGEING, BEARING_WEAR -> new double[] {120, 360};
        default -> null;
      };
    }
    return switch (kind) {
      case SPIKE, DROP, OSCILLATION, FLICKER, STALL, VIBRATION, OVERSPEED, POLLUTION_SPIKE, CALIBRATION_ERROR ->
          new double[] {5, 30};
      case STUCK_OFF, STUCK_ON -> new double[] {10, 60};
      case DRIFT, SENSOR_DRIFT -> hard ? new double[] {240, 600} : new double[] {90, 240};
      case DUST_STORM -> new double[] {20, 90};
      case FROZEN -> hard ? new double[] {60, 360} : new double[] {30, 180};
      case OFFLINE -> hard ? new double[] {15, 60} : new double[] {15, 90};
      case ELEMENT_AGEING, BEARING_WEAR -> hard ? new double[] {1440, 4320} : new double[] {240, 720};
    };
  }

  private static double round4(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }

}
