package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.Category;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * What one anomaly episode does to a sensor's readings: turns the value the sensor would normally
 * read into the anomalous one, reading by reading. Every effect is visible from the first reading
 * of the episode. Parameters are drawn once per episode and stored as the episode's parameters.
 * Stateful (flicker remembers its last value); one instance per episode, owned by the simulation
 * thread.
 *
 * <table>
 *   <caption>Effects (k = readings since the episode started, 0 for the first)</caption>
 *   <tr><th>kind</th><th>category</th><th>value</th></tr>
 *   <tr><td>spike</td><td>oven, heater</td><td>normal + magnitude (50-100 °C)</td></tr>
 *   <tr><td>spike</td><td>fan</td><td>normal + magnitude (200-300 rpm)</td></tr>
 *   <tr><td>drop</td><td>oven, heater</td><td>normal - magnitude (10-30 °C)</td></tr>
 *   <tr><td>drift</td><td>oven, heater</td><td>normal ± min(ratePerReading·(k+1), cap): oven 3-6 °C/reading
 *       capped at 80, heater 2-4 capped at 50</td></tr>
 *   <tr><td>oscillation</td><td>oven, heater</td><td>normal + amplitude·cos(2πk/period): oven 15-40 °C,
 *       heater 10-25 °C, period 4-8 readings</td></tr>
 *   <tr><td>flicker</td><td>lamp</td><td>starts opposite to normal, then toggles every reading, except
 *       that with 20 % chance a value is held for one more reading (never longer)</td></tr>
 *   <tr><td>stuck_off / stuck_on</td><td>lamp</td><td>0 / 1</td></tr>
 *   <tr><td>stall</td><td>fan</td><td>residual 0-15 rpm</td></tr>
 *   <tr><td>vibration</td><td>fan</td><td>normal ± amplitude (70-120 rpm, alternating sign, 60-100 % of it)</td></tr>
 *   <tr><td>overspeed</td><td>fan</td><td>1.05-1.2 × the rated maximum (1050-1200 rpm) with ±1 % noise</td></tr>
 *   <tr><td>pollution_spike</td><td>pm</td><td>normal + magnitude (50-150 µg/m³)</td></tr>
 *   <tr><td>sensor_drift</td><td>pm</td><td>normal + ratePerReading·(k+1), 8-15 µg/m³ per reading</td></tr>
 *   <tr><td>calibration_error</td><td>pm</td><td>normal·scale + offset, scale 1.5-2, offset 25-45 µg/m³</td></tr>
 *   <tr><td>dust_storm</td><td>pm</td><td>normal + magnitude·min(1,(k+1)/3)·(0.85-1.15), magnitude 400-2000</td></tr>
 * </table>
 *
 * <p>Results are clamped to [min, 1.25 × max] of the sensor (digital sensors: 0 or 1).
 */
public final class AnomalyEffect {
  private final AnomalyKind kind;
  private final double min;
  private final double max;
  private final boolean digital;
  private final Map<String, Double> parameters;
  // The parameters in the order they were drawn (see draw): read once, used every reading.
  private final double p1;
  private final double p2;
  private final double p3;
  private double last = Double.NaN;
  private boolean lastToggled;

  private AnomalyEffect(AnomalyKind kind, double min, double max, boolean digital, Map<String, Double> parameters) {
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.digital = digital;
    this.parameters = Map.copyOf(parameters);
    this.p1 = first(parameters, 0);
    this.p2 = first(parameters, 1);
    this.p3 = first(parameters, 2);
  }

  private static double first(Map<String, Double> parameters, int index) {
    return parameters.values().stream().skip(index).findFirst().orElse(0.0);
  }

  /**
   * Draws the parameters of an episode of {@code kind} on a sensor of {@code category} with the
   * physical range [{@code min}, {@code max}].
   *
   * @param random uniform numbers in [0, 1), derived from the simulation seed
   * @throws IllegalArgumentException if the kind does not belong to the category
   */
  public static AnomalyEffect draw(AnomalyKind kind, Category category, double min, double max, DoubleSupplier random) {
    Objects.requireNonNull(random, "random");
    if (!kind.belongsTo(category)) {
      throw new IllegalArgumentException(
          "anomaly kind " + kind.dbName() + " does not belong to category " + category.dbName());
    }
    boolean oven = category == Category.OVEN;
    Map<String, Double> p = new LinkedHashMap<>();
    switch (kind) {
      case SPIKE -> p.put("magnitude", category == Category.FAN ? between(random, 200, 300) : between(random, 50, 100));
      case DROP -> p.put("magnitude", between(random, 10, 30));
      case DRIFT -> {
        p.put("ratePerReading", oven ? between(random, 3, 6) : between(random, 2, 4));
        p.put("direction", random.getAsDouble() < 0.5 ? -1.0 : 1.0);
        p.put("cap", oven ? 80.0 : 50.0);
      }
      case OSCILLATION -> {
        p.put("amplitude", oven ? between(random, 15, 40) : between(random, 10, 25));
        p.put("periodReadings", (double) (4 + (int) (random.getAsDouble() * 5)));
      }
      case FLICKER -> p.put("toggleProbability", 0.8);
      case STUCK_OFF -> p.put("value", 0.0);
      case STUCK_ON -> p.put("value", 1.0);
      case STALL -> p.put("residualRpm", between(random, 0, 15));
      case VIBRATION -> p.put("amplitude", between(random, 70, 120));
      case OVERSPEED -> p.put("rpm", max * between(random, 1.05, 1.2));
      case POLLUTION_SPIKE -> p.put("magnitude", between(random, 50, 150));
      case SENSOR_DRIFT -> p.put("ratePerReading", between(random, 8, 15));
      case CALIBRATION_ERROR -> {
        p.put("scale", between(random, 1.5, 2.0));
        p.put("offset", between(random, 25, 45));
      }
      case DUST_STORM -> {
        p.put("magnitude", between(random, 400, 2000));
        p.put("rampReadings", 3.0);
      }
    }
    round(p);
    return new AnomalyEffect(kind, min, max, max <= 1.0, p);
  }

  private static double between(DoubleSupplier random, double lo, double hi) {
    return lo + (hi - lo) * random.getAsDouble();
  }

  private static void round(Map<String, Double> p) {
    p.replaceAll((k, v) -> Math.round(v * 100.0) / 100.0);
  }

  /** The episode's parameters, for {@link AnomalyEpisode#parameters()}. */
  public Map<String, Double> parameters() {
    return parameters;
  }

  /**
   * The anomalous reading.
   *
   * @param normal what the sensor would read without the anomaly
   * @param k readings since the episode started (0 for its first reading)
   * @param u a fresh uniform number in [0, 1) for this reading
   */
  public double apply(double normal, int k, double u) {
    double v = switch (kind) {
      case SPIKE, POLLUTION_SPIKE -> normal + p1;
      case DROP -> normal - p1;
      case DRIFT -> normal + p2 * Math.min(p1 * (k + 1), p3);
      case OSCILLATION -> normal + p1 * Math.cos(2 * Math.PI * k / p2);
      case FLICKER -> flicker(normal, u);
      case STUCK_OFF -> 0;
      case STUCK_ON -> 1;
      case STALL -> p1 * (0.5 + u);
      case VIBRATION -> normal + ((k & 1) == 0 ? 1 : -1) * p1 * (0.6 + 0.4 * u);
      case OVERSPEED -> p1 * (0.99 + 0.02 * u);
      case SENSOR_DRIFT -> normal + p1 * (k + 1);
      case CALIBRATION_ERROR -> normal * p1 + p2;
      case DUST_STORM -> normal + p1 * Math.min(1.0, (k + 1) / p2) * (0.85 + 0.3 * u);
    };
    if (digital) {
      return v >= 0.5 ? 1 : 0;
    }
    v = Math.max(min, Math.min(1.25 * max, v));
    return Math.round(v * 10.0) / 10.0;
  }

  private double flicker(double normal, double u) {
    double next;
    if (Double.isNaN(last)) {
      next = normal >= 0.5 ? 0 : 1;
      lastToggled = true;
    } else if (lastToggled && u >= 0.8) {
      next = last;
      lastToggled = false;
    } else {
      next = 1 - last;
      lastToggled = true;
    }
    last = next;
    return next;
  }
}
