package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;

/**
 * Whether an oven or heater oscillates: its value swings up and down with a period of a few
 * readings (a controller hunting around its setpoint), by more than it normally does at this local
 * time of day. Three things must hold over the last {@value #SPAN} readings, and for
 * {@value #READINGS} readings in a row:
 *
 * <ul>
 *   <li><b>restless</b>: the median curvature {@code |v[t] - 2 v[t-h] + v[t-2h]|} (h = 1 to 4
 *       readings: a swing is sharpest over half its period, and a slow one of a few noise widths
 *       stays within the noise over one or two readings) is at least {@value #RATIO} times the
 *       largest such median learned around this time of day ({@link ToleranceProfile}, trimmed). A
 *       median, so the few sharp bends of a door opening, a glitch or a setpoint step do not count;
 *       a smooth heating ramp has little curvature, and the daily warm-up's learned tolerance covers
 *       its start. Or <b>out of calm</b>: the span's typical change over 1 to 4 readings is at least
 *       {@value #OUT_OF_CALM} times that of the span before it, for a swing no larger than what the
 *       history did at this time of day in another state (an idle oven where other days warmed up);
 *       it must then repeat itself {@value #CALM_GAIN} times better (below), judged like its
 *       balance on the newest {@value #ONSET} steps only (a swing of two periods that began within
 *       the span is compared with itself, not with the calm before), and swing about the level
 *       before it (a burst of door openings pulls an oven down);
 *   <li><b>periodic</b>: the value repeats itself after some period of {@value #MIN_PERIOD} to
 *       {@value #MAX_PERIOD} readings at least {@value #MIN_GAIN} times better than it repeats
 *       the previous reading (median absolute differences). White noise, door openings at
 *       irregular times and ramps repeat nothing;
 *   <li><b>balanced</b>: at least a share {@value #MIN_BALANCE} of the steps go each way, and
 *       the typical step up and the typical step down differ by at most a factor
 *       1 / {@value #MIN_SYMMETRY}. Door openings during a warm-up make a saw-tooth (a sudden
 *       drop, a slow recovery): fewer and larger steps down than up.
 * </ul>
 *
 * Nothing here is a magnitude: the only scales are the learned curvature of the sensor's own
 * history and its readings just before.
 * Learns in training only (a trained model keeps its profile). Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class SwingCheck implements PluggedCheck.OwnKindCheck {
  /** Readings judged together. */
  static final int SPAN = 12;
  static final int MIN_PERIOD = 3;
  static final int MAX_PERIOD = 9;
  /** Times the normal curvature at this time of day that is restless. */
  static final double RATIO = 2.0;
  /** How many times better the value must repeat after a period than after one reading. */
  static final double MIN_GAIN = 1.5;
  /** Least share of the window's steps going each way. */
  static final double MIN_BALANCE = 0.3;
  /** Least ratio of the median step one way to the median step the other way. */
  static final double MIN_SYMMETRY = 0.4;
  /** Readings in a row that must swing before it alerts. */
  static final int READINGS = 3;
  /** Learned readings before the check judges. */
  static final int MIN_LEARNED = 1000;
  /** Times the typical change of the span must exceed that of the span before it to swing out of calm. */
  static final double OUT_OF_CALM = 4.0;
  /**
   * How many times better a swing out of calm must repeat after a period than after one reading.
   * Judged on the newest {@value #ONSET} steps, whose differences over a period of 6 to 9 reach back
   * before a swing younger than two periods began (a swing of 11 readings, period 6, repeats itself
   * 2.7 to 3.2 times better); the balance and centring rules keep door bursts out, and on D1's six
   * sets down to 2 let no unlabelled oven or heater in.
   */
  static final double CALM_GAIN = 2.5;
  /** Newest differences a swing out of calm must repeat itself in: it may have begun within the span. */
  static final int ONSET = SPAN / 2;
  /** How far from the level before a swing out of calm may be centred, as a share of its half range. */
  static final double CENTRED = 0.5;
  /** Largest lag, in readings, of the curvature and of the changes a swing out of calm is measured by. */
  private static final int MAX_LAG = 4;
  private static final int KEEP = SPAN + MAX_PERIOD;
  /** Readings kept: the span judged and the span before it, at the largest lag. */
  private static final int HISTORY = 2 * SPAN + 2 * MAX_LAG;

  /** Normal median curvature over a span at lag 1 ({@code near}) and lag 2 ({@code wide}). */
  private final ToleranceProfile near;
  private final ToleranceProfile wide;
  /** The same at lags 3 and 4 (half the period of slower swings); null in a model saved before them. */
  private final ToleranceProfile lag3;
  private final ToleranceProfile lag4;
  private final DayClock clock;
  /** The slot whose tolerances are cached (they change only in training, which does not judge). */
  private int cachedSlot = -1;
  private double tolNear;
  private double tolWide;
  private double tol3;
  private double tol4;
  /** The last {@value #HISTORY} values, twice (at i and i + HISTORY), so any span of them is contiguous. */
  private final double[] values = new double[2 * HISTORY];
  private final double[] scratch = new double[SPAN];
  private final double[] ups = new double[SPAN];
  private final double[] downs = new double[SPAN];
  private int head;
  /** Index of the latest value in the upper copy. */
  private int latest;
  private int size;
  private int swinging;
  /** Readings noted so far (the running count {@link #calmStepsAt} refers to). */
  private long noted;
  /**
   * The span before's absolute changes over one reading, sorted ({@link #calmStepMedian}), as of the
   * reading {@link #calmStepsAt} (-1: never): from one reading to the next one change joins, one leaves.
   */
  private final double[] calmSteps = new double[SPAN];
  private long calmStepsAt = -1;

  /** Saved form. */
  record State(ToleranceProfile.State near, ToleranceProfile.State wide, ToleranceProfile.State lag3,
      ToleranceProfile.State lag4) {}

  SwingCheck(DayClock clock) {
    this(clock, new ToleranceProfile(clock), new ToleranceProfile(clock), new ToleranceProfile(clock),
        new ToleranceProfile(clock));
  }

  private SwingCheck(DayClock clock, ToleranceProfile near, ToleranceProfile wide, ToleranceProfile lag3,
      ToleranceProfile lag4) {
    this.clock = clock;
    this.lag3 = lag3;
    this.lag4 = lag4;
    this.near = near;
    this.wide = wide;
  }

  /** Restores a saved check, sharing arrays alike with the other checks of its detector. */
  static SwingCheck restore(DayClock clock, State s, SharedArrays shared) {
    return new SwingCheck(clock, ToleranceProfile.restore(clock, s.near(), shared),
        ToleranceProfile.restore(clock, s.wide(), shared),
        s.lag3() == null ? null : ToleranceProfile.restore(clock, s.lag3(), shared),
        s.lag4() == null ? null : ToleranceProfile.restore(clock, s.lag4(), shared));
  }

  @Override
  public State state() {
    return new State(near.state(), wide.state(), lag3 == null ? null : lag3.state(), lag4 == null ? null : lag4.state());
  }

  /** Forgets the recent readings (after a gap). */
  @Override
  public void restart() {
    size = 0;
    swinging = 0;
    calmStepsAt = -1;
  }

  /** A swinging value is an oscillation; the range it should keep to is not known, so none is given. */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double ratio = observe(r.at(), r.value(), r.training());
    return ratio == 0 ? null
        : new Finding(Math.min(1, 0.7 * ratio / RATIO), AnomalyKind.OSCILLATION, Double.NaN, Double.NaN);
  }

  /**
   * Notes the reading and returns how restless the value is relative to normal (the larger of both
   * lags) while it swings periodically and both ways, 0 otherwise or while too little is known.
   * Training learns the curvature as normal and returns 0.
   */
  double observe(Instant at, double value, boolean training) {
    noted++;
    values[head] = value;
    values[head + HISTORY] = value;
    latest = head + HISTORY;
    head = (head + 1) % HISTORY;
    size = Math.min(size + 1, HISTORY);
    if (size < SPAN + 4) {
      return 0;
    }
    if (training) {
      near.learn(at, medianCurvature(1));
      wide.learn(at, medianCurvature(2));
      if (lag3 != null) {
        lag3.learn(at, medianCurvature(3));
        lag4.learn(at, medianCurvature(4));
      }
      cachedSlot = -1;
      return 0;
    }
    if (near.count() < MIN_LEARNED) {
      return 0;
    }
    int slot = clock.slotOf(at);
    if (slot != cachedSlot) {
      tolNear = Math.max(near.slotTolerance(at, 1), 1e-9);
      tolWide = Math.max(wide.slotTolerance(at, 1), 1e-9);
      boolean slow = lag3 != null && lag3.count() >= MIN_LEARNED;
      tol3 = slow ? Math.max(lag3.slotTolerance(at, 1), 1e-9) : Double.POSITIVE_INFINITY;
      tol4 = slow ? Math.max(lag4.slotTolerance(at, 1), 1e-9) : Double.POSITIVE_INFINITY;
      cachedSlot = slot;
    }
    // a median reaches a level only when half the values do: counting first spares most sorts
    boolean mayBeRestless = halfReach(Change.CURVATURE, 1, RATIO * tolNear)
        || halfReach(Change.CURVATURE, 2, RATIO * tolWide) || halfReach(Change.CURVATURE, 3, RATIO * tol3)
        || halfReach(Change.CURVATURE, 4, RATIO * tol4);
    double ratio = mayBeRestless ? Math.max(Math.max(medianCurvature(1) / tolNear, medianCurvature(2) / tolWide),
        Math.max(medianCurvature(3) / tol3, medianCurvature(4) / tol4)) : 0;
    boolean swings;
    if (ratio >= RATIO) {
      swings = size >= KEEP && isBalanced() && periodicGain() >= MIN_GAIN;
    } else {
      // no more restless than the history here, but out of calm and clearly periodic
      swings = outOfCalm() && isBalanced(ONSET) && isCentred(ONSET) && periodicGain(ONSET) >= CALM_GAIN;
      ratio = swings ? RATIO : 0;
    }
    swinging = swings ? swinging + 1 : 0;
    return swinging >= READINGS ? ratio : 0;
  }

  /**
   * Whether the span swings out of calm: its typical change over 1 to {@value #MAX_LAG} readings (half
   * a period of 2 to 8; the largest median absolute difference of those lags) is at least {@value
   * #OUT_OF_CALM} times that of the span before it. A span before whose changes are all zero (frozen)
   * gives no scale. Asked of nearly every reading of an oven or heater (whenever the span is no more
   * restless than the history), so counting comes first, as for the curvatures: the span before's
   * change over one reading bounds its typical change from below, and a median reaches a level only
   * when half the values do; ordinary noise stops there, after one sort instead of eight.
   */
  private boolean outOfCalm() {
    if (size < HISTORY) {
      return false;
    }
    double level = OUT_OF_CALM * calmStepMedian();
    boolean mayReach = false;
    for (int lag = 1; lag <= MAX_LAG && !mayReach; lag++) {
      mayReach = halfReach(Change.DIFFERENCE, lag, level);
    }
    if (!mayReach) {
      return false;
    }
    double now = 0;
    double before = 0;
    for (int lag = 1; lag <= MAX_LAG; lag++) {
      now = Math.max(now, medianDifference(lag, 0));
      before = Math.max(before, medianDifference(lag, SPAN));
    }
    return before > 0 && now >= OUT_OF_CALM * before;
  }

  /**
   * {@code medianDifference(1, SPAN)}, the span before's typical change over one reading, kept sorted
   * from reading to reading instead of sorted anew: asked of nearly every reading, it was an oven's
   * costliest part. Sorted afresh after any reading that did not ask (a restart, training, a
   * restless span) or when a change is NaN.
   */
  double calmStepMedian() {
    double joining = Math.abs(at(SPAN) - at(SPAN + 1));
    double leaving = Math.abs(at(2 * SPAN) - at(2 * SPAN + 1));
    if (calmStepsAt == noted - 1 && !Double.isNaN(joining) && !Double.isNaN(leaving)) {
      LevelShift.replace(calmSteps, leaving, joining);
    } else {
      for (int i = 0; i < SPAN; i++) {
        calmSteps[i] = Math.abs(at(SPAN + i) - at(SPAN + i + 1));
      }
      Arrays.sort(calmSteps);
    }
    calmStepsAt = noted;
    return 0.5 * (calmSteps[SPAN / 2 - 1] + calmSteps[SPAN / 2]);
  }

  /** A change of the value over a lag: its difference, or its curvature. */
  private enum Change {
    /** {@code |v[t] - v[t-h]|}. */
    DIFFERENCE,
    /** {@code |v[t] - 2 v[t-h] + v[t-2h]|}. */
    CURVATURE
  }

  /** The absolute change of the given kind at the given lag, of the value {@code back} readings before the latest. */
  private double change(Change change, int back, int lag) {
    return switch (change) {
      case DIFFERENCE -> Math.abs(at(back) - at(back + lag));
      case CURVATURE -> Math.abs(at(back) - 2 * at(back + lag) + at(back + 2 * lag));
    };
  }

  /**
   * Whether at least half the span's changes of the given kind at the given lag reach {@code
   * level}; it stops as soon as that is decided (a calm span's changes fall short, so it is decided
   * after seven).
   */
  private boolean halfReach(Change change, int lag, double level) {
    int reaching = 0;
    for (int i = 0; i < SPAN; i++) {
      if (change(change, i, lag) >= level) {
        reaching++;
      } else if (i + 1 - reaching > SPAN - SPAN / 2) {
        return false;
      }
    }
    return reaching >= SPAN / 2;
  }

  /** The value {@code back} readings before the latest (0 = the latest). */
  private double at(int back) {
    return values[latest - back];
  }

  private double medianCurvature(int lag) {
    for (int i = 0; i < SPAN; i++) {
      scratch[i] = change(Change.CURVATURE, i, lag);
    }
    return median();
  }

  /** Median of the absolute differences at the given lag of the span ending {@code back} readings before the latest. */
  private double medianDifference(int lag, int back) {
    return medianDifference(lag, back, SPAN);
  }

  /**
   * As {@link #medianDifference(int, int)}, of the {@code count} differences ending {@code back}
   * readings before the latest.
   */
  private double medianDifference(int lag, int back, int count) {
    for (int i = back; i < back + count; i++) {
      scratch[i - back] = change(Change.DIFFERENCE, i, lag);
    }
    return median(scratch, count);
  }

  private double median() {
    Arrays.sort(scratch);
    return 0.5 * (scratch[SPAN / 2 - 1] + scratch[SPAN / 2]);
  }

  /** How much better the value repeats after its best period than after one reading. */
  private double periodicGain() {
    return periodicGain(SPAN);
  }

  /**
   * As {@link #periodicGain()}, judged on the newest {@code newest} readings' differences only: a
   * swing out of calm may have begun within the span, and a difference reaching back before it
   * compares the swing with the calm.
   */
  private double periodicGain(int newest) {
    double persistence = medianDifference(1, 0, newest);
    double best = 0;
    for (int p = MIN_PERIOD; p <= MAX_PERIOD; p++) {
      double d = medianDifference(p, 0, newest);
      if (d > 0) {
        best = Math.max(best, persistence / d);
      }
    }
    return best;
  }

  /**
   * Whether the span's steps go both ways alike: at least a share {@value #MIN_BALANCE} of them
   * each way, and the median step up and the median step down within a factor
   * 1 / {@value #MIN_SYMMETRY} of each other (a saw-tooth drops fast and recovers slowly).
   */
  private boolean isBalanced() {
    return isBalanced(SPAN);
  }

  /**
   * As {@link #isBalanced()}, of the newest {@code newest} steps only (a swing out of calm may have
   * begun within the span).
   */
  private boolean isBalanced(int newest) {
    int up = 0;
    int down = 0;
    for (int i = 0; i < newest; i++) {
      double step = at(i) - at(i + 1);
      if (step > 0) {
        ups[up++] = step;
      } else if (step < 0) {
        downs[down++] = -step;
      }
    }
    if (Math.min(up, down) < MIN_BALANCE * newest) {
      return false;
    }
    double medianUp = median(ups, up);
    double medianDown = median(downs, down);
    return Math.min(medianUp, medianDown) >= MIN_SYMMETRY * Math.max(medianUp, medianDown);
  }

  /**
   * Whether the newest {@code newest} steps swing about the level of the span before: the mean of
   * their readings is within {@value #CENTRED} of their half range from that span's mean. A burst of
   * door openings pulls an oven down, and a level that leaves a still stretch moves away from it; a
   * controller hunting swings about where it was.
   */
  private boolean isCentred(int newest) {
    double sum = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= newest; i++) {
      sum += at(i);
      lo = Math.min(lo, at(i));
      hi = Math.max(hi, at(i));
    }
    double before = 0;
    for (int i = SPAN; i < 2 * SPAN; i++) {
      before += at(i);
    }
    return Math.abs(sum / (newest + 1) - before / SPAN) <= CENTRED * (hi - lo) / 2;
  }

  private static double median(double[] a, int n) {
    Arrays.sort(a, 0, n);
    return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  }

}
