package com.anomalywatcher.detect;

/**
 * A particulate sensor's recent readings and, on them, the three shapes of fall that end a slow
 * drift ({@link SensorDriftEndCheck} learns how large each must be and alerts). Every shape is a
 * fall made in one reading, out of the background's noise, judged two readings after the reading
 * that falls.
 *
 * <p>The fall {@code D}: the median of the {@value #BEFORE} readings before it minus the median of it
 * and the two readings after; the reading itself made at least {@value #ONE_READING} of it, and the
 * last two readings differ by at most {@value #FLAT} of it (a decay goes on). Its size in noise
 * widths: 1.4826 × the median absolute deviation of the {@value #CALM} reading-to-reading changes
 * before it.
 *
 * <p>Back to a level left ({@link #fall}): the readings from the {@value #CALM} changes on came
 * without lost readings ({@value #GAP_FACTOR} × the interval), and for some {@code H} of
 * {@value #MIN_BACK}–{@value #MAX_BACK} readings ({@value #BACK_STEP} apart) the level {@code H}
 * readings before the fall (median of {@value #LEVEL} readings) lies at least
 * {@value #MIN_DEPARTURE} of {@code D} below the level before it, the level after the fall lies
 * within {@value #RETURN} of that rise of it, at a quarter, half and three quarters of the way the
 * level lay within {@value #LINE} of the rise of the straight line's, and at most {@value #JUMPS}
 * reading-to-reading changes on the way exceed half of {@code D} (a glitch makes two; a burst many).
 *
 * <p>Below the recent floor ({@link #fallBelowFloor}), for drifts whose background moved under them
 * (the level an hour or more back is no lower, so no slow rise shows): its {@value #BEFORE} readings
 * before and two after came without lost readings ({@value #GAP_FACTOR} × the interval, as the
 * {@value #LOW_BACK} before it), and it lands at least {@value #BELOW} of {@code D} below every level
 * (median of {@value #LEVEL} readings) of the {@value #LOW_BACK} readings before it. The air does not
 * drop below its own floor of the last hours in one reading and stay there; a reading offset that
 * comes off does. Its noise width leaves out changes of exactly zero (a frozen stretch before it
 * would make any fall look huge).
 *
 * <p>Without a rise ({@link #fallWithoutRise}), for drifts whose end lands inside what the last
 * hours showed: the lost-reading tests of the second shape (over the {@value #CALM} readings before
 * it), and no reading of those {@value #CALM} rose by {@value #UNRISEN} of {@code D} or more. A drift
 * climbs by a fraction of its end's fall per reading, so its end is a fall with no matching rise
 * before it; a spike's return and a burst's end that comes off at once had their rise in the same
 * hour. Its width is the second shape's (without changes of exactly zero).
 *
 * <p>Not saved with a model. Not thread-safe; owned by its {@link SensorDriftEndCheck}.
 */
final class SensorDriftFalls {
  static final int BEFORE = 5;
  static final int CALM = 60;
  static final double ONE_READING = 0.5;
  static final double FLAT = 0.35;
  static final int MIN_BACK = 60;
  static final int MAX_BACK = 300;
  static final int BACK_STEP = 5;
  static final int LEVEL = 15;
  static final double MIN_DEPARTURE = 0.6;
  static final double RETURN = 0.35;
  static final double LINE = 0.3;
  static final double JUMP = 0.5;
  static final int JUMPS = 2;
  static final double GAP_FACTOR = 1.6;
  static final int LOW_BACK = 120;
  static final double BELOW = 0.5;
  static final double UNRISEN = 0.5;
  /** Fewer non-zero changes than this among the {@value #CALM} give no noise width. */
  private static final int MIN_MOVES = 10;
  /** The reading that falls is {@value} back when judged. */
  private static final int FALL = 2;
  private static final int RING = FALL + MAX_BACK + LEVEL / 2 + 4;
  private static final int TIMES = FALL + Math.max(CALM, LOW_BACK) + 2;
  /** The fractions of a fall back along which {@link #isSlowAndStraight} checks the line. */
  private static final double[] LINE_FRACTIONS = {0.25, 0.5, 0.75};

  private final ReadingRing ring = new ReadingRing(RING, TIMES);
  /** Reused per call, so judging a reading allocates no arrays: the readings or changes a median is of. */
  private final double[] scratch = new double[Math.max(CALM, LEVEL)];
  /** Reused per call: the changes {@link #noiseWidth} keeps. */
  private final double[] changes = new double[CALM];

  /**
   * A fall that passes the whole test of its shape, at least {@code least} noise widths; {@code left}
   * is the level it had risen from (for a fall below the recent floor, that floor; for a fall with no
   * rise before it, the largest rise of a reading before it), {@code readings} how far back.
   */
  record Fall(double widths, double before, double after, double left, int readings) {}

  /** The median levels before and after the newest readings' fall ({@link #oneReadingFall}). */
  private record Step(double before, double after) {
    /** The fall {@code D}: how far the level came down (positive). */
    double d() {
      return before - after;
    }
  }

  /** Adds the newest reading. */
  void push(long atMillis, double value) {
    ring.push(atMillis, value);
  }

  /**
   * The newest readings' fall, when it was made mostly in one reading ({@value #ONE_READING} of it)
   * and the level has stayed flat since; null otherwise.
   */
  private Step oneReadingFall() {
    double before = median(FALL + 1, BEFORE);
    double after = median(0, FALL + 1);
    double d = before - after;
    if (d <= 0 || back(FALL + 1) - back(FALL) < ONE_READING * d || Math.abs(back(0) - back(1)) > FLAT * d) {
      return null;
    }
    return new Step(before, after);
  }

  /** A fall back to the level the readings had risen from slowly, at least {@code least} noise widths. */
  Fall fall(double intervalSeconds, double least) {
    Step step = candidate(RING, intervalSeconds);
    if (step == null || ring.millisSince(TIMES - 1) > GAP_FACTOR * (TIMES - 1) * intervalSeconds * 1000) {
      return null;
    }
    // measured before the search back, which costs far more
    double widths = widths(step, false);
    if (!(widths >= least)) {
      return null;
    }
    for (int h = MIN_BACK; h <= MAX_BACK; h += BACK_STEP) {
      double left = median(FALL + h - LEVEL / 2, LEVEL);
      double rise = step.before() - left;
      if (rise >= MIN_DEPARTURE * step.d() && Math.abs(step.after() - left) <= RETURN * rise
          && isSlowAndStraight(h, left, step.before(), step.d())) {
        return new Fall(widths, step.before(), step.after(), left, h);
      }
    }
    return null;
  }

  /**
   * A fall made in one reading, then flat, to at least {@value #BELOW} of it below every level of
   * the {@value #LOW_BACK} readings before it, at least {@code least} noise widths (of the non-zero
   * changes).
   */
  Fall fallBelowFloor(double intervalSeconds, double least) {
    Step step = candidate(FALL + LOW_BACK + 1, intervalSeconds);
    if (step == null || lostReadings(FALL + LOW_BACK, intervalSeconds)) {
      return null;
    }
    double floor = Double.POSITIVE_INFINITY;
    for (int k = FALL + 1; k + LEVEL <= FALL + LOW_BACK + 1; k++) {
      floor = Math.min(floor, median(k, LEVEL));
    }
    if (step.after() > floor - BELOW * step.d()) {
      return null;
    }
    return measured(step, least, floor, LOW_BACK);
  }

  /**
   * Whether readings were lost around the fall (a fall across a gap is no fall in one reading) or
   * too many on the way back over the newest {@code back}.
   */
  private boolean lostReadings(int back, double intervalSeconds) {
    double intervalMillis = intervalSeconds * 1000;
    return ring.millisSince(FALL + BEFORE) > GAP_FACTOR * (FALL + BEFORE) * intervalMillis
        || ring.millisSince(back) > GAP_FACTOR * back * intervalMillis;
  }

  /**
   * A fall made in one reading, then flat, with no reading of the {@value #CALM} before it rising by
   * {@value #UNRISEN} of it or more, at least {@code least} noise widths (of the non-zero changes);
   * its {@code left} is the largest of those rises.
   */
  Fall fallWithoutRise(double intervalSeconds, double least) {
    Step step = candidate(FALL + CALM + 2, intervalSeconds);
    if (step == null || lostReadings(FALL + CALM + 1, intervalSeconds)) {
      return null;
    }
    double largestRise = Double.NEGATIVE_INFINITY;
    for (int k = FALL + 1; k <= FALL + CALM; k++) {
      largestRise = Math.max(largestRise, back(k) - back(k + 1));
    }
    if (largestRise >= UNRISEN * step.d()) {
      return null;
    }
    return measured(step, least, largestRise, CALM);
  }

  /**
   * The newest readings' fall made in one reading ({@link #oneReadingFall}), once at least
   * {@code readings} are held and the interval is known; null otherwise.
   */
  private Step candidate(int readings, double intervalSeconds) {
    return ring.size() < readings || intervalSeconds <= 0 ? null : oneReadingFall();
  }

  /**
   * The fall of {@code step} with its {@code left} and {@code readings}, when it is at least
   * {@code least} noise widths of the non-zero changes; null otherwise.
   */
  private Fall measured(Step step, double least, double left, int readings) {
    double widths = widths(step, true);
    return widths >= least ? new Fall(widths, step.before(), step.after(), left, readings) : null;
  }

  /** The fall's size in noise widths ({@link #noiseWidth}); NaN when there is no positive width. */
  private double widths(Step step, boolean movesOnly) {
    double noise = noiseWidth(movesOnly);
    return noise > 0 ? step.d() / noise : Double.NaN;
  }

  /**
   * 1.4826 × the median absolute deviation of the {@value #CALM} changes before the fall; without
   * those of exactly zero when {@code movesOnly} (NaN when fewer than {@value #MIN_MOVES} are left).
   */
  private double noiseWidth(boolean movesOnly) {
    int n = 0;
    for (int k = 0; k < CALM; k++) {
      double c = back(FALL + 1 + k) - back(FALL + 2 + k);
      if (!movesOnly || c != 0) {
        changes[n++] = c;
      }
    }
    if (n < MIN_MOVES) {
      return Double.NaN;
    }
    System.arraycopy(changes, 0, scratch, 0, n);
    double m = Robust.medianSorting(scratch, n);
    for (int k = 0; k < n; k++) {
      scratch[k] = Math.abs(changes[k] - m);
    }
    return Robust.MAD_TO_SIGMA * Robust.medianSorting(scratch, n);
  }

  private boolean isSlowAndStraight(int h, double left, double before, double d) {
    int jumps = 0;
    for (int k = FALL + 1; k < FALL + h; k++) {
      if (Math.abs(back(k) - back(k + 1)) > JUMP * d && ++jumps > JUMPS) {
        return false;
      }
    }
    for (double f : LINE_FRACTIONS) {
      int centre = FALL + (int) (h * (1 - f));
      double fraction = (median(centre - LEVEL / 2, LEVEL) - left) / (before - left);
      if (Math.abs(fraction - f) > LINE) {
        return false;
      }
    }
    return true;
  }

  /** The median of the {@code n} readings from {@code from} back to {@code from + n - 1} back. */
  private double median(int from, int n) {
    for (int k = 0; k < n; k++) {
      scratch[k] = back(from + k);
    }
    return Robust.medianSorting(scratch, n);
  }

  /** The reading {@code k} back (0: the newest). */
  private double back(int k) {
    return ring.back(k);
  }
}
