package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The end of an oven's or heater's slow drift: a sudden step, out of calm, back to the level the
 * sensor had crept away from over an hour or more. A drift of a few degrees stays inside every range
 * the history shows (setpoint changes, cleaning and warm-ups span far more) and creeps too slowly
 * for the step checks, but a faulty reading that stops drifting comes back at once; the controller
 * itself cannot step so (it heats and cools along its time constants) and a door opening pulls the
 * level away from one it held, not back to one it left slowly.
 *
 * <p>Judged at the reading after the step (a single reading never alerts). The step {@code s} is the
 * last reading but one minus the one before it; it must be at least {@value #STEP_RATIO} times the
 * largest of the {@value #CALM} reading-to-reading steps before it (at least the smallest step the
 * history showed: the resolution), and be held: the reading after it moves at most
 * {@value #FOLLOW} of {@code s} further on and at most {@value #GIVE_BACK} of it back (a warm-up or a
 * cool-down goes on at the same pace; a glitch comes back). That shape alone is also what a door
 * opening or a setpoint raised in a step makes, so its size is judged against the history: per
 * direction, the second largest of the daily largest ratios {@code |s| / calm} of the training days
 * (at least {@value #STEP_RATIO}); only a ratio at least that large counts.
 *
 * <p>Then the return: some {@code H} readings back ({@value #MIN_BACK}–{@value #MAX_BACK}, in steps of
 * {@value #BACK_STEP}) the level (median of 5 readings) lay on the side the step comes back to, at
 * least {@value #MIN_DEPARTURE} of {@code |s|} from the level before the step; the reading after the
 * step lies within {@value #RETURN} of that departure of it; the level went away along a line (at a
 * quarter, half and three quarters of the way, its level within {@value #LINE} of the departure of the
 * line's; an approach to a new setpoint covers most of its way early) and without a one-reading move
 * above half the step. The readings of the calm stretch and the step must have come without lost
 * readings ({@value #GAP_FACTOR} × the interval); lost readings further back are no matter, and a gap
 * keeps the remembered readings (the ordinary dropouts of a feed would otherwise hide every drift).
 *
 * <p>Alerts {@code drift} on the reading after the step, stated by what it saw (no expected range: the
 * reading is back at a normal level). A model saved before this check existed, or trained on fewer
 * than {@value #MIN_READINGS} readings, judges nothing. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class DriftEndCheck implements PluggedCheck.OwnKindCheck {
  static final int CALM = 20;
  static final double STEP_RATIO = 4;
  static final double FOLLOW = 0.8;
  static final double GIVE_BACK = 0.2;
  static final int MIN_BACK = 60;
  static final int MAX_BACK = 300;
  static final int BACK_STEP = 5;
  static final double MIN_DEPARTURE = 0.6;
  static final double RETURN = 0.35;
  static final double LINE = 0.3;
  static final double GAP_FACTOR = 1.6;
  static final long MIN_READINGS = 1000;
  private static final int RING = MAX_BACK + 8;
  /** Times are kept only as far back as the calm stretch's check of lost readings needs. */
  private static final int TIMES = CALM + 3;
  private static final long DAY_MILLIS = 86_400_000L;
  /** Marks what was not yet looked at for the newest reading: a ratio is NaN or at least {@value #STEP_RATIO}. */
  private static final double NOT_LOOKED = -1;
  private static final int NOT_LOOKED_BACK = -2;

  /** What training learned; null while training, or when it learned too little. */
  private State learned;
  private Map<Long, double[]> dailyLargest;
  private long trainingReadings;
  private double smallestStep = Double.POSITIVE_INFINITY;

  private final ReadingRing ring = new ReadingRing(RING, TIMES);
  /**
   * What this check found at the newest reading, each looked for at most once and only when asked:
   * its step's ratio to the calm before ({@link #shapeRatio}, with the learned resolution), and how
   * many readings back lay the level it returned to ({@link #creptReadings}). {@link #judge} and
   * {@link #creptBackFrom} both read them, so naming an alert another check opened uses what this
   * check saw rather than looking again.
   */
  private double newestRatio = NOT_LOOKED;
  private int newestBack = NOT_LOOKED_BACK;

  /**
   * Saved form: the least ratio of a step to the calm before it that counts, rising and falling; the
   * smallest step the history showed; the readings it was learned from.
   */
  record State(double upRatio, double downRatio, double smallestStep, long readings)
      implements LearnedState {
    @Override
    public boolean usable() {
      return readings >= MIN_READINGS && upRatio > 0 && downRatio > 0 && smallestStep > 0
          && Double.isFinite(smallestStep);
    }
  }

  DriftEndCheck(State learned) {
    this.learned = learned;
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    if (ring.size() > 0) {
      double step = Math.abs(r.value() - back(0));
      if (r.training() && step > 0) {
        smallestStep = Math.min(smallestStep, step);
      }
    }
    ring.push(r.at().toEpochMilli(), r.value());
    newestRatio = NOT_LOOKED;
    newestBack = NOT_LOOKED_BACK;
    if (r.training()) {
      trainingReadings++;
      learnShape(r);
      return null;
    }
    finishTraining();
    if (learned == null) {
      return null;
    }
    return judge(r);
  }

  private void learnShape(Reading r) {
    double ratio = shapeRatio(r.intervalSeconds(), smallestStep);
    if (Double.isNaN(ratio)) {
      return;
    }
    if (dailyLargest == null) {
      dailyLargest = new HashMap<>();
    }
    long day = Math.floorDiv(r.at().toEpochMilli(), DAY_MILLIS);
    double[] largest = dailyLargest.computeIfAbsent(day, d -> new double[2]);
    int side = back(1) > back(2) ? 0 : 1;
    largest[side] = Math.max(largest[side], ratio);
  }

  /**
   * The ratio of the step made by the last reading but one to the largest step of the calm before it,
   * when the step is held by the last reading and the readings came without lost ones; NaN otherwise.
   */
  private double shapeRatio(double intervalSeconds, double resolution) {
    if (ring.size() < CALM + 3 || intervalSeconds <= 0) {
      return Double.NaN;
    }
    long span = ring.millisSince(CALM + 2);
    if (span > GAP_FACTOR * (CALM + 2) * intervalSeconds * 1000) {
      return Double.NaN;
    }
    double s = back(1) - back(2);
    double after = (back(0) - back(1)) * Math.signum(s);
    if (s == 0 || after > FOLLOW * Math.abs(s) || after < -GIVE_BACK * Math.abs(s)) {
      return Double.NaN;
    }
    double calm = Double.isFinite(resolution) ? resolution : 0;
    for (int k = 2; k <= CALM + 1; k++) {
      calm = Math.max(calm, Math.abs(back(k) - back(k + 1)));
    }
    if (calm <= 0) {
      return Double.NaN;
    }
    double ratio = Math.abs(s) / calm;
    return ratio >= STEP_RATIO ? ratio : Double.NaN;
  }

  private Finding judge(Reading r) {
    double ratio = newestRatio(r.intervalSeconds());
    if (Double.isNaN(ratio)) {
      return null;
    }
    double s = back(1) - back(2);
    double bound = s > 0 ? learned.upRatio() : learned.downRatio();
    if (ratio < bound) {
      return null;
    }
    int h = newestBack();
    if (h < 0) {
      return null;
    }
    double score = Math.min(1, 0.75 + 0.25 * (ratio - bound) / bound);
    return new Finding(score, AnomalyKind.DRIFT, Double.NaN, Double.NaN, detail(medianAround(h + 1), back(2), back(1), h,
        r.intervalSeconds()));
  }

  /**
   * The reading the newest step came back from (the last reading before it), when the newest readings
   * have this check's shape (a held step out of calm, back to the level the sensor crept away from
   * along a line), however large the step is against the history's own steps; NaN otherwise. For
   * naming an alert that another check opened on that step (a drop or spike held from the drifted
   * level): the ratio bound keeps this check's alerts as rare as the history's steps, which the
   * kind of an alert opened anyway does not need. Call after {@link #judge} saw the newest reading.
   */
  double creptBackFrom(double intervalSeconds) {
    if (learned == null || Double.isNaN(newestRatio(intervalSeconds))) {
      return Double.NaN;
    }
    return newestBack() < 0 ? Double.NaN : back(2);
  }

  /** The newest step's ratio to its calm as the learned state judges it ({@link #shapeRatio}), found once. */
  private double newestRatio(double intervalSeconds) {
    if (newestRatio == NOT_LOOKED) {
      newestRatio = shapeRatio(intervalSeconds, learned.smallestStep());
    }
    return newestRatio;
  }

  /** {@link #creptReadings} of the newest step, found once. */
  private int newestBack() {
    if (newestBack == NOT_LOOKED_BACK) {
      newestBack = creptReadings(back(1) - back(2));
    }
    return newestBack;
  }

  /**
   * How many readings before the step {@code s} the level lay that the step returned to, the
   * readings since then having crept away from it along a line; -1 when there is none.
   */
  private int creptReadings(double s) {
    double sign = Math.signum(s);
    double before = back(2);
    double now = back(0);
    for (int h = MIN_BACK; h <= MAX_BACK && h + 4 < ring.size(); h += BACK_STEP) {
      double left = medianAround(h + 1);
      double departure = (before - left) * -sign;
      if (departure >= MIN_DEPARTURE * Math.abs(s) && Math.abs(now - left) <= RETURN * departure
          && isSlowAndStraight(h, left, before, Math.abs(s))) {
        return h;
      }
    }
    return -1;
  }

  /**
   * Whether the readings from {@code h + 1} back to the one before the step went from {@code left} to
   * {@code before} along a line, without a one-reading move above half the step.
   */
  private boolean isSlowAndStraight(int h, double left, double before, double step) {
    for (int k = 2; k <= h; k++) {
      if (Math.abs(back(k) - back(k + 1)) > step / 2) {
        return false;
      }
    }
    for (double f : new double[] {0.25, 0.5, 0.75}) {
      int k = 1 + (int) (h * (1 - f));
      double fraction = (medianAround(k) - left) / (before - left);
      if (Math.abs(fraction - f) > LINE) {
        return false;
      }
    }
    return true;
  }

  private static String detail(double left, double before, double stepped, int readings, double intervalSeconds) {
    return String.format(Locale.ROOT, "back in one reading from %.1f to %.1f after creeping away from %.1f over %s",
        before, stepped, left, ReadingRing.duration(readings, intervalSeconds));
  }

  /** The median of the 5 readings centred {@code k} readings back. */
  private double medianAround(int k) {
    double[] five = {back(k - 2), back(k - 1), back(k), back(k + 1), back(k + 2)};
    Arrays.sort(five);
    return five[2];
  }

  /** The reading {@code k} back (0: the newest). */
  private double back(int k) {
    return ring.back(k);
  }

  private void finishTraining() {
    if (dailyLargest == null && trainingReadings == 0) {
      return;
    }
    double[] up = new double[] {STEP_RATIO, STEP_RATIO};
    double[] down = new double[] {STEP_RATIO, STEP_RATIO};
    if (dailyLargest != null) {
      for (double[] day : dailyLargest.values()) {
        keepTwoLargest(up, day[0]);
        keepTwoLargest(down, day[1]);
      }
    }
    State s = new State(Math.max(STEP_RATIO, up[1]), Math.max(STEP_RATIO, down[1]), smallestStep, trainingReadings);
    learned = LearnedState.ifUsable(s);
    dailyLargest = null;
    trainingReadings = 0;
  }

  private static void keepTwoLargest(double[] two, double v) {
    if (v > two[0]) {
      two[1] = two[0];
      two[0] = v;
    } else if (v > two[1]) {
      two[1] = v;
    }
  }
}
