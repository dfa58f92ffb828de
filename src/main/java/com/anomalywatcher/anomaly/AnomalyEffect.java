package com.anomalywatcher.anomaly;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * What one anomaly episode does to a sensor's readings: turns the value the sensor would normally
 * read into the anomalous one, reading by reading. An episode has an active phase, visible from
 * its first reading, and then a settling tail inside the same episode: the deviation from normal
 * shrinks by a factor {@value #TAIL_FACTOR} per reading until it is no larger than a normal step,
 * so the first reading after the episode is never a jump. Parameters are drawn once per episode
 * and stored as its parameters. Stateful; one instance per episode, owned by the simulation thread.
 *
 * <table>
 *   <caption>Active phase (k = readings since the episode started, 0 for the first)</caption>
 *   <tr><th>kind</th><th>category</th><th>value</th></tr>
 *   <tr><td>spike</td><td>oven, heater</td><td>normal + magnitude (50-100 °C)</td></tr>
 *   <tr><td>spike</td><td>fan</td><td>normal + magnitude (200-300 rpm)</td></tr>
 *   <tr><td>drop</td><td>oven, heater</td><td>normal - magnitude (10-30 °C)</td></tr>
 *   <tr><td>drift</td><td>oven, heater</td><td>normal ± min(step·(k+1), cap); step = ratePerMinute × interval
 *       but at least a floor per reading: oven 3-6 °C/min (floor 2) capped at 80, heater 2-4 (floor 1.5)
 *       capped at 50</td></tr>
 *   <tr><td>oscillation</td><td>oven, heater</td><td>normal + amplitude·cos(2πk/period): oven 15-40 °C,
 *       heater 10-25 °C, period 4-8 readings</td></tr>
 *   <tr><td>flicker</td><td>lamp</td><td>starts opposite to normal, then toggles every reading, except
 *       that with 20 % chance a value is held for one more reading (never longer)</td></tr>
 *   <tr><td>stuck_off / stuck_on</td><td>lamp</td><td>0 / 1</td></tr>
 *   <tr><td>stall</td><td>fan</td><td>residual 0-15 rpm (× 0.5-1.5)</td></tr>
 *   <tr><td>vibration</td><td>fan</td><td>normal ± amplitude (70-120 rpm, alternating sign, 60-100 % of it)</td></tr>
 *   <tr><td>overspeed</td><td>fan</td><td>1.05-1.2 × the rated maximum (1050-1200 rpm) ±1 %, half-way there
 *       on the first reading</td></tr>
 *   <tr><td>pollution_spike</td><td>pm</td><td>normal + magnitude (50-150 µg/m³)</td></tr>
 *   <tr><td>sensor_drift</td><td>pm</td><td>normal + min(step·(k+1), 250), 8-15 µg/m³ per minute, floor 3 per
 *       reading</td></tr>
 *   <tr><td>calibration_error</td><td>pm</td><td>normal·scale + offset, scale 1.5-2, offset 25-45 µg/m³</td></tr>
 *   <tr><td>dust_storm</td><td>pm</td><td>normal + magnitude·min(1,(k+1)/3)·(0.85-1.15), magnitude 400-2000</td></tr>
 * </table>
 *
 * <p>Values are clamped to [min, 1.25 × max] of the sensor (digital sensors: 0 or 1; they have no
 * tail).
 *
 * <p>The table above is {@link Difficulty#EASY}, the original magnitudes. At {@link Difficulty#NORMAL}
 * and {@link Difficulty#HARD} sizes are multiples m of the sensor's noise σ in its state at the
 * start (m in 3-8 at normal, 1.5-3 at hard): spike, drop, oscillation, vibration, pollution_spike
 * m·σ; overspeed normal + m·σ; calibration_error offset m·σ (scale 1); dust_storm 3·m·σ over 10
 * readings; drift and sensor_drift leave a 3σ band after 60-120 min (normal) or 3-8 h (hard).
 * Stall, flicker and stuck lamps are the same at every difficulty. The new kinds: frozen repeats
 * the last value sent; offline sends nothing; element_ageing low-passes the normal temperature with
 * a time constant growing to tauMaxMinutes and sags by up to sag while heating; bearing_wear adds a
 * vibration whose amplitude grows linearly to its maximum. Durations: {@link ScaledAnomaly#activeMinutes}.
 */
public final class AnomalyEffect {
  /** How much of the deviation is left after each tail reading. */
  public static final double TAIL_FACTOR = 0.35;

  private final AnomalyKind kind;
  private final double min;
  private final double max;
  private final boolean digital;
  private final Map<String, Double> parameters;
  private final double magnitude;
  private final double step;
  private final double cap;
  private final double second;
  private final boolean scaled;
  private final double intervalMinutes;
  private double frozen = Double.NaN;
  private double filtered = Double.NaN;
  private double lowest = Double.POSITIVE_INFINITY;
  private double highest = Double.NEGATIVE_INFINITY;
  private double last = Double.NaN;
  private boolean lastToggled;
  private int activeReadings = Integer.MAX_VALUE;
  private double lastOffset;

  AnomalyEffect(AnomalyKind kind, double min, double max, Map<String, Double> p, double step, double cap,
      boolean scaled, double intervalMinutes) {
    this.kind = kind;
    this.scaled = scaled;
    this.intervalMinutes = intervalMinutes;
    this.min = min;
    this.max = max;
    this.digital = max <= 1.0;
    this.parameters = Map.copyOf(p);
    // The first two parameters in drawing order; an iterator, not a stream: a sensor waiting for a
    // place to start an episode draws one per kind at every reading.
    Iterator<Double> values = p.values().iterator();
    this.magnitude = values.next();
    this.step = step;
    this.cap = cap;
    this.second = values.hasNext() ? values.next() : 0;
  }

  /**
   * Draws the parameters of an episode of {@code kind} on a sensor of {@code category} with the
   * physical range [{@code min}, {@code max}].
   *
   * @param intervalMinutes minutes between readings (rates are per minute, with a floor per reading)
   * @param random uniform numbers in [0, 1), derived from the simulation seed
   * @throws IllegalArgumentException if the kind does not belong to the category
   */
  public static AnomalyEffect draw(AnomalyKind kind, Category category, double min, double max, double intervalMinutes,
      DoubleSupplier random) {
    return draw(kind, category, min, max, intervalMinutes, Difficulty.EASY, 0, random);
  }

  /**
   * Draws the parameters of an episode at a difficulty: {@link Difficulty#EASY} as
   * {@link #draw(AnomalyKind, Category, double, double, double, DoubleSupplier)}, otherwise sized
   * in multiples of {@code sigma}, the sensor's noise σ in its current state (its unit).
   */
  public static AnomalyEffect draw(AnomalyKind kind, Category category, double min, double max, double intervalMinutes,
      Difficulty difficulty, double sigma, DoubleSupplier random) {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(difficulty, "difficulty");
    if (!kind.belongsTo(category)) {
      throw new IllegalArgumentException(
          "anomaly kind " + kind.dbName() + " does not belong to category " + category.dbName());
    }
    if (difficulty != Difficulty.EASY && !ScaledAnomaly.isCategorical(kind)) {
      return ScaledAnomaly.draw(kind, category, min, max, intervalMinutes, difficulty, Math.max(sigma, 1e-3), random);
    }
    boolean oven = category == Category.OVEN;
    Map<String, Double> p = new LinkedHashMap<>();
    double step = 0;
    double cap = 0;
    switch (kind) {
      case SPIKE -> p.put("magnitude", category == Category.FAN ? between(random, 200, 300) : between(random, 50, 100));
      case DROP -> p.put("magnitude", between(random, 10, 30));
      case DRIFT -> {
        double perMinute = round2(oven ? between(random, 3, 6) : between(random, 2, 4));
        p.put("ratePerMinute", perMinute);
        p.put("direction", random.getAsDouble() < 0.5 ? -1.0 : 1.0);
        step = Math.max(perMinute * intervalMinutes, oven ? 2.0 : 1.5);
        cap = oven ? 80 : 50;
        p.put("ratePerReading", round2(step));
        p.put("cap", cap);
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
      case SENSOR_DRIFT -> {
        double perMinute = round2(between(random, 8, 15));
        p.put("ratePerMinute", perMinute);
        step = Math.max(perMinute * intervalMinutes, 3.0);
        cap = 250;
        p.put("ratePerReading", round2(step));
        p.put("cap", cap);
      }
      case CALIBRATION_ERROR -> {
        p.put("scale", between(random, 1.5, 2.0));
        p.put("offset", between(random, 25, 45));
      }
      case DUST_STORM -> {
        p.put("magnitude", between(random, 400, 2000));
        p.put("rampReadings", 3.0);
      }
      case FROZEN -> p.put("frozen", 1.0);
      case OFFLINE -> p.put("offline", 1.0);
      case ELEMENT_AGEING -> {
        p.put("tauMaxMinutes", between(random, 60, 120));
        p.put("sag", between(random, 30, 60));
      }
      case BEARING_WEAR -> p.put("amplitude", between(random, 70, 120));
    }
    return new AnomalyEffect(kind, min, max, p, step, cap, false, intervalMinutes);
  }

  static double between(DoubleSupplier random, double lo, double hi) {
    return round2(lo + (hi - lo) * random.getAsDouble());
  }

  static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  /** The episode's parameters, for {@link AnomalyEpisode#parameters()}. */
  public Map<String, Double> parameters() {
    return parameters;
  }

  /**
   * An upper bound of |anomalous - normal| over an active phase of {@code readings} readings,
   * given the sensor's current normal value.
   */
  public double maxOffset(double normal, int readings) {
    return switch (kind) {
      case SPIKE, DROP, OSCILLATION, VIBRATION, POLLUTION_SPIKE, BEARING_WEAR -> magnitude;
      case DRIFT -> Math.min(step * readings, cap);
      case SENSOR_DRIFT -> Math.min(step * readings, cap);
      case FLICKER, STUCK_OFF, STUCK_ON -> 1;
      case STALL -> Math.max(normal, 0);
      case OVERSPEED -> scaled ? magnitude * 1.01 : Math.max(0, magnitude * 1.01 - normal);
      case CALIBRATION_ERROR -> 1.5 * Math.max(normal, 0) * (magnitude - 1) + second;
      case DUST_STORM -> magnitude * 1.15;
      case FROZEN, OFFLINE -> 0;
      case ELEMENT_AGEING -> second;
    };
  }

  /**
   * Tells the effect the last value the sensor sent before the episode (NaN if none): a frozen
   * sensor repeats it.
   */
  public void startFrom(double lastSent) {
    frozen = lastSent;
  }

  /**
   * Tail readings needed for a deviation of {@code offset} to shrink to {@code settleStep} or less,
   * at most {@code cap}; 0 for digital sensors.
   */
  public int tailReadings(double offset, double settleStep, int cap) {
    if (digital || offset <= settleStep) {
      return 0;
    }
    int n = (int) Math.ceil(Math.log(offset / settleStep) / Math.log(1 / TAIL_FACTOR));
    return Math.max(0, Math.min(cap, n));
  }

  /** Ends the active phase after {@code readings} readings (or earlier if already set so). */
  public void activeFor(int readings) {
    activeReadings = Math.min(activeReadings, readings);
  }

  /** The deviation of the last reading from normal (0 before the first). */
  public double lastOffset() {
    return lastOffset;
  }

  /**
   * The anomalous reading.
   *
   * @param normal what the sensor would read without the anomaly
   * @param k readings since the episode started (0 for its first reading)
   * @param u a fresh uniform number in [0, 1) for this reading
   */
  public double apply(double normal, int k, double u) {
    if (kind == AnomalyKind.OFFLINE) {
      return k < activeReadings ? Double.NaN : normal;
    }
    if (k >= activeReadings && !digital) {
      lastOffset *= TAIL_FACTOR;
      return round1(clamp(normal + lastOffset));
    }
    double v = active(normal, k, u);
    if (digital) {
      return v >= 0.5 ? 1 : 0;
    }
    v = round1(clamp(v));
    lastOffset = v - normal;
    return v;
  }

  private double active(double normal, int k, double u) {
    return switch (kind) {
      case SPIKE, POLLUTION_SPIKE -> normal + magnitude;
      case DROP -> normal - magnitude;
      case DRIFT -> normal + second * Math.min(step * (k + 1), cap);
      case SENSOR_DRIFT -> normal + Math.min(step * (k + 1), cap);
      case OSCILLATION -> normal + magnitude * Math.cos(2 * Math.PI * k / second);
      case FLICKER -> flicker(normal, u);
      case STUCK_OFF -> 0;
      case STUCK_ON -> 1;
      case STALL -> magnitude * (0.5 + u);
      case VIBRATION -> normal + ((k & 1) == 0 ? 1 : -1) * magnitude * (0.6 + 0.4 * u);
      case OVERSPEED -> {
        if (scaled) {
          yield normal + magnitude * (k == 0 ? 0.5 : 0.99 + 0.02 * u);
        }
        double target = magnitude * (0.99 + 0.02 * u);
        yield k == 0 ? normal + 0.5 * (target - normal) : target;
      }
      case FROZEN -> {
        if (Double.isNaN(frozen)) {
          frozen = normal;
        }
        yield frozen;
      }
      case OFFLINE -> Double.NaN;
      case ELEMENT_AGEING -> ageing(normal, k);
      case BEARING_WEAR -> normal > 0.05 * max
          ? normal + progress(k) * magnitude * ((k & 1) == 0 ? 1 : -1) * (0.6 + 0.4 * u)
          : normal;
      case CALIBRATION_ERROR -> normal * magnitude + second;
      case DUST_STORM -> normal + magnitude * Math.min(1.0, (k + 1) / second) * (0.85 + 0.3 * u);
    };
  }

  /** Fraction of the active phase done after reading k, in (0, 1]. */
  private double progress(int k) {
    int n = activeReadings == Integer.MAX_VALUE ? k + 1 : Math.max(1, activeReadings);
    return Math.min(1.0, (k + 1) / (double) n);
  }

  /**
   * A weakening element: the temperature follows the normal one up through a first-order lag whose
   * time constant grows from 0 to tauMaxMinutes (down without lag), and sags by up to {@code sag} while the normal
   * temperature is above its episode low (heating), so warm-ups come late or never arrive.
   */
  private double ageing(double normal, int k) {
    double p = progress(k);
    lowest = Math.min(lowest, normal);
    highest = Math.max(highest, normal);
    if (Double.isNaN(filtered)) {
      filtered = normal;
    }
    double tau = p * magnitude;
    double alpha = tau <= 0 ? 1 : 1 - Math.exp(-intervalMinutes / tau);
    // A weak element heats slowly; it cools as fast as a healthy one.
    filtered = normal < filtered ? normal : filtered + alpha * (normal - filtered);
    double heat = highest - lowest < 1 ? 1 : (normal - lowest) / (highest - lowest);
    return filtered - p * second * heat;
  }

  private double clamp(double v) {
    return Math.max(min, Math.min(1.25 * max, v));
  }

  private static double round1(double v) {
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
