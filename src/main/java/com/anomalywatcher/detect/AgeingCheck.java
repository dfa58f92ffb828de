package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * A heater's or oven's ageing element: its readings move from one to the next by far less than they
 * do in the quietest hour of a usual day. A weak element heats slowly, so the temperature follows
 * the controller through a lag that smooths away the thermostat's sawtooth and the quick wander the
 * readings always show; the level stands still, the reading repeats or moves by one resolution step
 * for hours. The statistic is the mean absolute step over the last {@value #SPAN} readings (at
 * least {@value #MIN_SHARE} of them with a step: a gap's step is none, nor is a step of a run of
 * repeats once the frozen check calls it frozen, which is a fault of its own). Training notes each day's
 * smallest statistic; the usual quietest hour is the median of those days (at least
 * {@value #MIN_DAYS}; a history's frozen or ageing days, fewer than half, do not move it). Alerts
 * once the statistic has stayed below {@value #RATIO} times the usual quietest for {@value #READINGS}
 * readings in a row.
 *
 * <p>Measured on D1's six check sets (docs/accuracy-log.md, 2026-12-03, ea): in an ageing episode the
 * hour's mean step falls to 0.1–0.7 of the usual quietest within one to four hours, while no hour
 * of any heater or oven outside an episode (setpoint changes, night setbacks, cool-downs, door
 * openings, cleaning, closed days) fell below 0.74 of it, and none stayed below 0.89 for half an
 * hour. Readings, not minutes, make the window: at a coarser interval it spans longer, as the days
 * it learned from did. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class AgeingCheck implements PluggedCheck.OwnKindCheck {
  static final int SPAN = 60;
  static final double MIN_SHARE = 0.8;
  static final double RATIO = 0.8;
  static final int READINGS = 30;
  static final int MIN_DAYS = 7;
  /** Days kept: the newest. */
  static final int MAX_DAYS = 56;

  /** Each training day's smallest statistic (days with a full window for at least half the day). */
  private double[] quietest;
  /** The usual quietest statistic (median of {@link #quietest}); NaN until known. */
  private double usual = Double.NaN;

  private final double[] steps = new double[SPAN];
  private int head;
  private double sum;
  private int valid;
  private double last = Double.NaN;
  private long day = Long.MIN_VALUE;
  private double dayLeast = Double.POSITIVE_INFINITY;
  private int dayWindows;
  private double dayReadings;
  private int below;
  private final DayClock clock;

  AgeingCheck(DayClock clock) {
    this(clock, new double[0]);
  }

  private AgeingCheck(DayClock clock, double[] quietest) {
    this.clock = clock;
    this.quietest = quietest;
    Arrays.fill(steps, Double.NaN);
  }

  /** Saved form: each training day's smallest mean step over {@value #SPAN} readings, oldest first. */
  record State(double[] quietest) {
    State {
      quietest = quietest == null ? new double[0] : quietest.clone();
    }
  }

  static AgeingCheck restore(DayClock clock, State s) {
    return new AgeingCheck(clock, s.quietest().clone());
  }

  @Override
  public State state() {
    return new State(withPendingDay());
  }

  /** A gap: the next reading has no step (the window keeps the steps before the gap). */
  @Override
  public void restart() {
    last = Double.NaN;
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double mean = observe(r.at(), r.value(), r.training(), r.frozenRun(), r.intervalSeconds());
    if (below < READINGS) {
      return null;
    }
    double limit = RATIO * usual;
    return new Finding(mean <= 0 ? 1 : Math.min(1, 0.7 * limit / mean), AnomalyKind.ELEMENT_AGEING, Double.NaN,
        Double.NaN, detail(mean));
  }

  /**
   * Notes a reading; returns the mean absolute step over the window, NaN while too few steps.
   *
   * @param frozenRun the repeats in a row the frozen check calls frozen at this reading (0: not frozen)
   */
  double observe(Instant at, double value, boolean training, int frozenRun, double intervalSeconds) {
    double step = Double.isNaN(last) || Double.isNaN(value) ? Double.NaN : Math.abs(value - last);
    last = value;
    if (frozenRun > 0) {
      // a frozen value is its own fault: the steps of its run from the frozen check's limit on do not count
      // (those before it do: an ageing element's readings repeat by chance as long now and then)
      step = Double.NaN;
    }
    push(step);
    double mean = valid >= MIN_SHARE * SPAN ? sum / valid : Double.NaN;
    if (training) {
      learn(at, mean, intervalSeconds);
      below = 0;
      return mean;
    }
    if (day != Long.MIN_VALUE) { // the last day of training, when judging follows it without a reload
      closeDay();
      day = Long.MIN_VALUE;
      usual = Double.NaN;
    }
    if (Double.isNaN(usual)) {
      usual = quietest.length >= MIN_DAYS ? Robust.median(quietest) : Double.NaN;
    }
    below = !Double.isNaN(usual) && usual > 0 && !Double.isNaN(mean) && mean < RATIO * usual ? below + 1 : 0;
    return mean;
  }

  /** What the alert says instead of a range: how much smoother than usual the readings have gone. */
  String detail(double mean) {
    return mean <= 0 ? "its readings standing still for the last " + SPAN + ", where they move on every usual day"
        : String.format(Locale.ROOT, "its readings %.1f times smoother than on its usual days at their quietest",
            usual / mean);
  }

  private void push(double step) {
    drop(head);
    steps[head] = step;
    if (!Double.isNaN(step)) {
      sum += step;
      valid++;
    }
    head = (head + 1) % SPAN;
  }

  private void drop(int i) {
    if (!Double.isNaN(steps[i])) {
      sum -= steps[i];
      valid--;
      steps[i] = Double.NaN;
    }
    if (valid == 0) {
      sum = 0; // no drift of rounding errors
    }
  }

  private void learn(Instant at, double mean, double intervalSeconds) {
    long d = clock.dateOf(at);
    if (d != day) {
      closeDay();
      day = d;
      dayLeast = Double.POSITIVE_INFINITY;
      dayWindows = 0;
    }
    dayReadings = intervalSeconds > 0 ? 86_400 / intervalSeconds : Double.NaN;
    if (!Double.isNaN(mean)) {
      dayWindows++;
      dayLeast = Math.min(dayLeast, mean);
    }
  }

  /** Keeps the day's smallest statistic when a full window closed on at least half of its readings. */
  private void closeDay() {
    if (qualifies()) {
      quietest = append(quietest, dayLeast);
    }
    dayWindows = 0;
    dayLeast = Double.POSITIVE_INFINITY;
  }

  private boolean qualifies() {
    return day != Long.MIN_VALUE && dayWindows > 0 && !Double.isNaN(dayReadings) && dayWindows >= dayReadings / 2;
  }

  private double[] withPendingDay() {
    return qualifies() ? append(quietest, dayLeast) : quietest.clone();
  }

  private static double[] append(double[] a, double v) {
    double[] out = Arrays.copyOfRange(a, Math.max(0, a.length + 1 - MAX_DAYS), a.length + 1);
    out[out.length - 1] = v;
    return out;
  }
}
