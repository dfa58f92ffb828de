package com.anomalywatcher.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A sudden step held for many readings, measured at several time scales: the held-step check of an
 * oven or heater for the small steps ({@code 1.5–2.5} degrees at rest) that {@link SettledStepCheck}
 * cannot tell from single-reading noise after five readings. An idle oven's level wanders by a
 * degree within ten minutes, but it gets there gradually; a fault's spike or drop gets there in one
 * reading and stays.
 *
 * <p>The statistic, for each scale k in {@link #SCALES}: the mean of the last k readings minus the
 * mean of the k before, in units of the noise of the level left — the median reading-to-reading step
 * of the {@value #NOISE_STEPS} steps ending at the last of those earlier readings (a median: one
 * glitch or one door opening does not set it), as a standard deviation, never below the sensor's
 * resolution (its smallest step seen). It counts only when the step is held flat and was sudden:
 * each window spans at most {@value #FLAT} of the shift (a wander, a ramp, a door opening
 * recovering or a burst decaying spans more), and the one reading between the windows covers at
 * least {@value #SUDDEN} of it (a controller approaching a new setpoint does not). A longer scale
 * averages the noise away, so a step held for 15 readings stands out where single glitches do not.
 *
 * <p>Learned from the history: per scale and sign, the second largest of the daily maxima of the
 * statistic (one anomaly in the history does not set it; a setpoint step staff make on several days
 * does); a shift alerts at {@link StepCheck#RATIO} times that, and never below {@link #LEAST_RATIO}
 * noise widths. A shift back to a level the sensor held before the earlier window (within the last
 * {@value #LOOKBACK} readings) ends an excursion and starts none. A gap of more than {@value
 * #GAP_INTERVALS} intervals forgets the readings; shorter dropouts are skipped over, but the step
 * between the windows must be between two readings at most one lost reading apart (across more
 * lost readings the sensor may have moved there gradually). Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class HeldShiftCheck implements PluggedCheck.HeldStepCheck {
  /** The time scales, in readings: the first one is how many readings a step must be held to be found. */
  static final int[] SCALES = {8, 15};
  /** Reading-to-reading steps that give the noise of the level left. */
  static final int NOISE_STEPS = 20;
  /** Intervals the one step between the windows may take: at most one reading lost in it. */
  static final double MAX_STEP_INTERVALS = 2.5;
  /** How much of the shift each window may span. */
  static final double FLAT = 0.5;
  /** Least share of the shift the one reading between the windows covers. */
  static final double SUDDEN = 0.75;
  /** Least ratio of shift to noise that may alert, whatever the history learned. */
  static final double LEAST_RATIO = 5;
  /**
   * Readings older than the windows searched for the level a shift returns to (five hours at 1
   * minute): a slow fault (a drift, an ageing element) creeps away for hours, and the snap back at
   * its end returns to the level held before it.
   */
  static final int LOOKBACK = 300;
  /**
   * Consecutive older readings near the new level that make it one the sensor held: as many as the
   * longest scale, so a level a cool-down only passed through is none.
   */
  static final int RETURN_READINGS = 15;
  /** Noise widths, or share of the shift if more, within which an older reading counts as at the new level. */
  static final double RETURN_NOISE = 2;
  static final double RETURN_SHARE = 0.25;
  /** Intervals of silence after which the readings before do not count. */
  static final double GAP_INTERVALS = 10;
  static final int MIN_LEARNED = 1000;
  private static final int LONGEST = SCALES[SCALES.length - 1];
  private static final int SIZE = 2 * LONGEST + LOOKBACK + 1;

  /** Per scale and sign (index 2 * scale + (down ? 1 : 0)): the largest and second largest daily maximum. */
  private final float[] top;
  private final float[] second;
  /** Per scale and sign: the largest statistic of the current day. */
  private final float[] today = new float[2 * SCALES.length];
  private long day = Long.MIN_VALUE;
  private double resolution;
  private long learned;

  private final double[] window = new double[SIZE];
  /** When each reading of {@link #window} was taken (epoch seconds). */
  private final long[] times = new long[SIZE];
  private double interval;
  private int head;
  private int size;
  /** Index in {@link #window} of the oldest reading kept (set with {@link #head} and {@link #size}). */
  private int oldest;
  private Instant lastAt;
  /** Per scale: the last reading's statistic (0 when it does not count). */
  private final double[] ratios = new double[SCALES.length];
  private final double[] shifts = new double[SCALES.length];
  private final double[] baselines = new double[SCALES.length];
  private final double[] noises = new double[SCALES.length];

  /** Saved form. */
  record State(float[] top, float[] second, double resolution, long learned) {
    State {
      if (top.length != 2 * SCALES.length || second.length != 2 * SCALES.length) {
        throw new IllegalArgumentException("held shifts need " + 2 * SCALES.length + " maxima, got " + top.length
            + " and " + second.length);
      }
      top = top.clone();
      second = second.clone();
    }
  }

  HeldShiftCheck() {
    this(new float[2 * SCALES.length], new float[2 * SCALES.length], 0, 0);
  }

  private HeldShiftCheck(float[] top, float[] second, double resolution, long learned) {
    this.top = top;
    this.second = second;
    this.resolution = resolution;
    this.learned = learned;
  }

  static HeldShiftCheck restore(State s) {
    return new HeldShiftCheck(s.top().clone(), s.second().clone(), s.resolution(), s.learned());
  }

  /** Saved form; the day being learned counts as a day of the history. */
  @Override
  public State state() {
    float[] t = new float[top.length];
    float[] u = new float[top.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = Math.max(top[i], today[i]);
      u[i] = (float) limit(i);
    }
    return new State(t, u, resolution, learned);
  }

  /** The second largest daily maximum, the day being learned included. */
  private double limit(int i) {
    return Math.max(Math.min(top[i], today[i]), second[i]);
  }

  /**
   * Adds a reading (every reading, in time order); {@code intervalSeconds} is the sensor's usual
   * interval (0 while unknown), {@code training} also learns the resolution.
   */
  void observe(Instant at, double value, double intervalSeconds, boolean training) {
    if (lastAt != null && intervalSeconds > 0
        && Millis.between(lastAt, at) / 1000.0 > GAP_INTERVALS * intervalSeconds) {
      size = 0;
    }
    lastAt = at;
    interval = intervalSeconds;
    if (training && size > 0) {
      double step = Math.abs(value - at(size - 1));
      if (step > 0 && (resolution == 0 || step < resolution)) {
        resolution = step;
      }
    }
    window[head] = value;
    times[head] = at.getEpochSecond();
    head = (head + 1) % SIZE;
    size = Math.min(size + 1, SIZE);
    oldest = size < SIZE ? Math.floorMod(head - size, SIZE) : head;
    for (int s = 0; s < SCALES.length; s++) {
      measure(s);
    }
  }

  /** Learns the last reading's statistics as normal (daily maxima by UTC day). */
  @Override
  public void note(Reading r) {
    observe(r.at(), r.value(), r.intervalSeconds(), r.training());
  }

  @Override
  public StepCheck.Step heldStep(Reading r, Quiet q) {
    return judge(q.sinceAlert());
  }

  @Override
  public void learn(Instant at) {
    long d = Math.floorDiv(at.getEpochSecond(), 86_400L);
    if (d != day) {
      closeDay();
      day = d;
    }
    for (int s = 0; s < SCALES.length; s++) {
      int i = 2 * s + (ratios[s] < 0 ? 1 : 0);
      today[i] = (float) Math.max(today[i], Math.abs(ratios[s]));
    }
    learned++;
  }

  private void closeDay() {
    for (int i = 0; i < today.length; i++) {
      if (today[i] > top[i]) {
        second[i] = top[i];
        top[i] = today[i];
      } else if (today[i] > second[i]) {
        second[i] = today[i];
      }
      today[i] = 0;
    }
  }

  /**
   * The shift the last reading completes, or null: none while fewer than {@value #MIN_LEARNED}
   * readings are learned, within {@link StepCheck#QUIET_AFTER_ALERT} readings after an alert (that
   * incident ending), or back at a level held before. Of the scales that alert, the one furthest
   * beyond its tolerance.
   */
  StepCheck.Step judge(int readingsSinceAlert) {
    if (learned < MIN_LEARNED || readingsSinceAlert < StepCheck.QUIET_AFTER_ALERT) {
      return null;
    }
    StepCheck.Step best = null;
    double bestExcess = 0;
    for (int s = 0; s < SCALES.length; s++) {
      double ratio = ratios[s];
      if (ratio == 0) {
        continue;
      }
      double limit = Math.max(LEAST_RATIO, limit(2 * s + (ratio < 0 ? 1 : 0)));
      double excess = Math.abs(ratio) / (StepCheck.RATIO * limit);
      if (excess < 1 || excess <= bestExcess || isReturn(s)) {
        continue;
      }
      bestExcess = excess;
      best = new StepCheck.Step(shifts[s], baselines[s], limit * noises[s]);
    }
    return best;
  }

  private void measure(int s) {
    int k = SCALES[s];
    ratios[s] = 0;
    if (size < Math.max(3 * k, k + NOISE_STEPS + 1)) {
      return;
    }
    int end = size - 1; // the last reading
    int prevEnd = end - k; // the last reading of the earlier window
    double lastSum = 0;
    double lastLo = Double.POSITIVE_INFINITY;
    double lastHi = Double.NEGATIVE_INFINITY;
    double prevSum = 0;
    double prevLo = Double.POSITIVE_INFINITY;
    double prevHi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      double a = at(end - i);
      double b = at(prevEnd - i);
      lastSum += a;
      lastLo = Math.min(lastLo, a);
      lastHi = Math.max(lastHi, a);
      prevSum += b;
      prevLo = Math.min(prevLo, b);
      prevHi = Math.max(prevHi, b);
    }
    double shift = (lastSum - prevSum) / k;
    double magnitude = Math.abs(shift);
    double jump = (at(prevEnd + 1) - at(prevEnd)) * Math.signum(shift);
    // a jump across lost readings may be a ramp's progress while they were lost; across one lost
    // reading (a dropout at the fault's onset) it is still a step made within two intervals
    boolean consecutive = interval <= 0 || timeAt(prevEnd + 1) - timeAt(prevEnd) <= MAX_STEP_INTERVALS * interval;
    if (!consecutive || magnitude == 0 || lastHi - lastLo > FLAT * magnitude || prevHi - prevLo > FLAT * magnitude
        || jump < SUDDEN * magnitude || wasMoving(prevEnd - k, k, prevSum / k, shift)) {
      return;
    }
    double noise = noiseUntil(prevEnd);
    if (!(noise > 0)) {
      return;
    }
    ratios[s] = shift / noise;
    shifts[s] = shift;
    baselines[s] = prevSum / k;
    noises[s] = noise;
  }

  /**
   * Whether the level was already moving the way of the shift before the earlier window: the mean of
   * the {@code k} readings ending at {@code earlierEnd} is further from the shifted level than the
   * earlier window's mean by more than a window may span ({@value #FLAT} of the shift). A cool-down
   * that pauses for a few readings and goes on in one step continues a ramp; a fault's step leaves a
   * level that was at rest.
   */
  private boolean wasMoving(int earlierEnd, int k, double prevMean, double shift) {
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += at(earlierEnd - i);
    }
    return (prevMean - sum / k) * Math.signum(shift) > FLAT * Math.abs(shift);
  }

  /**
   * The noise of the level ending at reading {@code pos}, as a standard deviation: from the median
   * of its last {@value #NOISE_STEPS} reading-to-reading steps, at least the resolution.
   */
  private double noiseUntil(int pos) {
    double[] steps = new double[NOISE_STEPS];
    for (int i = 0; i < NOISE_STEPS; i++) {
      steps[i] = Math.abs(at(pos - i) - at(pos - i - 1));
    }
    Arrays.sort(steps);
    double median = (steps[NOISE_STEPS / 2 - 1] + steps[NOISE_STEPS / 2]) / 2;
    // the median absolute difference of two readings with Gaussian noise is 0.6745 * sqrt(2) of its sigma
    return Math.max(median / (0.6745 * Math.sqrt(2)), resolution);
  }

  /**
   * Whether the mean of the last readings at scale {@code s} is a level the sensor held (at least
   * {@value #RETURN_READINGS} consecutive readings within {@value #RETURN_NOISE} noise widths or
   * {@value #RETURN_SHARE} of the shift) among the {@value #LOOKBACK} readings before its earlier window.
   */
  private boolean isReturn(int s) {
    int k = SCALES[s];
    double level = baselines[s] + shifts[s];
    double tol = Math.max(RETURN_NOISE * noises[s], RETURN_SHARE * Math.abs(shifts[s]));
    int run = 0;
    for (int i = size - 1 - 2 * k; i >= Math.max(0, size - 1 - 2 * k - LOOKBACK); i--) {
      run = Math.abs(at(i) - level) <= tol ? run + 1 : 0;
      if (run >= RETURN_READINGS) {
        return true;
      }
    }
    return false;
  }

  private long timeAt(int pos) {
    return times[index(pos)];
  }

  /** The reading {@code pos} readings after the oldest kept, 0 ≤ {@code pos} < {@link #size}. */
  private double at(int pos) {
    return window[index(pos)];
  }

  /**
   * Where the reading {@code pos} readings after the oldest kept lies in the ring: a subtraction at
   * most, where a {@code floorMod} for each of the 50-odd readings measured per reading cost.
   */
  private int index(int pos) {
    int i = oldest + pos;
    return i >= SIZE ? i - SIZE : i;
  }
}
