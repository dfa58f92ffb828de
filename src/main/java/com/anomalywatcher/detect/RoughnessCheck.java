package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;

/**
 * How restless a value is: the median step between consecutive readings over the last
 * {@value #SPAN} steps, against how restless the sensor normally is at this local time of day
 * ({@link ToleranceProfile}, trimmed). A rotor that starts to vibrate, a worn bearing, a
 * controller that oscillates all raise it; a steady move to another level (a fan's second speed)
 * does not, nor does a run-up or run-down: restlessness goes up and down, so steps that turn
 * fewer than {@value #MIN_TURNS} times within the span (of {@value #SPAN} - 1 possible; a
 * jittering value turns at two of three steps) count only as restless as their smallest step.
 *
 * <p>A fan speed sensor that stays at least {@value #RATIO} times as restless as normal for
 * {@value #READINGS} readings vibrates (a worn bearing, a loose blade); only fans: particulate
 * sensors are as restless in cooking smoke, and an oven's or heater's oscillation is judged by its
 * periodicity ({@link SwingCheck}). The alert says what the fan did ({@link Swing}): the lowest and
 * highest of the readings judged and the largest step normal at this time, not the one reading it
 * opened on (a stopped fan that vibrates reads 0 half the time). Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class RoughnessCheck implements PluggedCheck.OwnKindCheck {
  static final int SPAN = 5;
  /** Changes of direction among the span's steps that make them restlessness rather than a move. */
  static final int MIN_TURNS = 3;
  /** How many times its normal restlessness a fan must be, and for how many readings, to alert. */
  static final double RATIO = 2.0;
  static final int READINGS = 3;

  private final ToleranceProfile roughness;
  private final Steps steps = new Steps();
  /** Readings in a row at least {@value #RATIO} times as restless as normal. */
  private int restless;

  RoughnessCheck(ToleranceProfile roughness) {
    this.roughness = roughness;
  }

  @Override
  public ToleranceProfile.State state() {
    return roughness.state();
  }

  /** Forgets the recent steps (after a gap). */
  @Override
  public void restart() {
    steps.restart();
  }

  /** Notes the reading; returns the median recent step (NaN while filling), learned as normal in training. */
  double observe(Instant at, double value, boolean training) {
    double median = steps.observe(value);
    if (training && !Double.isNaN(median)) {
      roughness.learn(at, median);
    }
    return median;
  }

  /** The restlessness relative to the most that is normal at this time (1 = the largest normal). */
  double ratio(Instant at, double median, double floor) {
    if (Double.isNaN(median) || roughness.count() < 1000) {
      return 0;
    }
    return median / Math.max(floor, roughness.slotTolerance(at, 1));
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double ratio = ratio(r.at(), observe(r.at(), r.value(), r.training()), r.floor());
    restless = !r.training() && ratio >= RATIO ? restless + 1 : 0;
    if (restless < READINGS) {
      return null;
    }
    double usualStep = Math.max(r.floor(), roughness.slotTolerance(r.at(), 1));
    return new Finding(Math.min(1, 0.7 * ratio / RATIO), AnomalyKind.VIBRATION, Double.NaN, Double.NaN, null,
        new Swing(steps.lowest(), steps.highest(), SPAN + 1, usualStep));
  }

  /**
   * The step statistic: the median absolute step between consecutive readings over the last
   * {@value #SPAN} steps, or their smallest when they turn fewer than {@value #MIN_TURNS} times.
   */
  static final class Steps {
    private final double[] steps = new double[SPAN];
    private final double[] sorted = new double[SPAN];
    /** The readings the steps were taken between, oldest overwritten first. */
    private final double[] values = new double[SPAN + 1];
    private int valueHead;
    private int size;
    private int head;
    private double last = Double.NaN;

    /** Forgets the recent steps (after a gap). */
    void restart() {
      size = 0;
      last = Double.NaN;
    }

    /** Notes the reading; returns the statistic, NaN while filling. */
    double observe(double value) {
      add(value);
      return statistic();
    }

    /** Notes the reading. */
    void add(double value) {
      if (!Double.isNaN(last)) {
        steps[head] = value - last;
        head = (head + 1) % SPAN;
        size = Math.min(size + 1, SPAN);
      }
      last = value;
      values[valueHead] = value;
      valueHead = (valueHead + 1) % values.length;
    }

    /** The lowest of the last {@value #SPAN} + 1 readings (once the statistic is known). */
    double lowest() {
      double low = Double.POSITIVE_INFINITY;
      for (double v : values) {
        low = Math.min(low, v);
      }
      return low;
    }

    /** The highest of the last {@value #SPAN} + 1 readings (once the statistic is known). */
    double highest() {
      double high = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        high = Math.max(high, v);
      }
      return high;
    }

    /** The statistic of the readings noted so far, NaN while filling. */
    double statistic() {
      if (size < SPAN) {
        return Double.NaN;
      }
      int turns = 0;
      double smallest = Double.POSITIVE_INFINITY;
      for (int i = 0; i < SPAN; i++) {
        double step = steps[(head + i) % SPAN];
        sorted[i] = Math.abs(step);
        smallest = Math.min(smallest, sorted[i]);
        if (i > 0 && step * steps[(head + i - 1) % SPAN] < 0) {
          turns++;
        }
      }
      return turns >= MIN_TURNS ? median() : smallest;
    }

    /** The median of the span's absolute steps, by insertion sort (cheaper than a sort call for five). */
    private double median() {
      for (int i = 1; i < SPAN; i++) {
        double x = sorted[i];
        int j = i - 1;
        while (j >= 0 && sorted[j] > x) {
          sorted[j + 1] = sorted[j];
          j--;
        }
        sorted[j + 1] = x;
      }
      return sorted[SPAN / 2];
    }
  }
}
