package com.anomalywatcher.detect;

import com.anomalywatcher.detect.SensorDriftFalls.Fall;
import com.anomalywatcher.model.AnomalyKind;
import java.util.Locale;

/**
 * The end of a particulate sensor's slow drift: a fall made in one reading, out of the background's
 * noise, back to the level the readings had risen from slowly over an hour or more. A drift of a
 * few µg/m³ stays inside what the same hour showed on other days (the background wanders as much),
 * but a reading offset that stops comes off at once, where the air itself clears along its own
 * slow decay (a cooking burst falls by a fraction of its height per reading) and the background's
 * own falls are spread over several readings. Only falls are judged: a fouled optical sensor reads
 * high, and a step up that holds is what a burst's top does.
 *
 * <p>Three ways to the verdict, each a shape of fall {@link SensorDriftFalls} finds on the recent
 * readings (judged at most two readings after a labelled end that lies on the reading that falls or
 * the reading after): back to a level the readings had risen from slowly, below every level of the
 * last hours, and with no matching rise before it. Each must reach, per sensor, the second largest
 * of the training days' largest widths of falls of its shape, never fewer than {@value #MIN_WIDTHS},
 * {@value #LOW_MIN_WIDTHS} and {@value #UNRISEN_MIN_WIDTHS} widths.
 *
 * <p>Alerts {@code sensor_drift} with what it saw, no expected range (the reading is back at a
 * normal level). A model saved before this check, or trained on fewer than {@value #MIN_READINGS}
 * readings, judges nothing; a model saved before the second or third way judges nothing by it until
 * retrained. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class SensorDriftEndCheck implements PluggedCheck.OwnKindCheck {
  static final double MIN_WIDTHS = 7.5;
  static final long MIN_READINGS = 1000;
  static final double LOW_MIN_WIDTHS = 10;
  static final double UNRISEN_MIN_WIDTHS = 10;
  /** In training only falls this large are judged whole (the bound is at least {@link #MIN_WIDTHS}). */
  private static final double LEARN_WIDTHS = 4;
  private static final long DAY_MILLIS = 86_400_000L;

  /** What training learned; null while training, or when it learned too little. */
  private State learned;
  /** The training days' largest widths of falls of each way: back to a level left, below the floor, without rise. */
  private final DailyLargest risenFalls = new DailyLargest();
  private final DailyLargest lowFalls = new DailyLargest();
  private final DailyLargest unrisenFalls = new DailyLargest();
  private long trainingReadings;

  private final SensorDriftFalls falls = new SensorDriftFalls();

  /**
   * Saved form: the least noise widths of a fall back to where it rose from that count, the readings
   * learned from, the least noise widths of a fall below the recent floor that count and of a fall
   * with no rise before it (each null in a model saved before it was learned: that way judges nothing
   * until retrained).
   */
  record State(double widths, long readings, Double lowWidths, Double unrisenWidths)
      implements LearnedState {
    @Override
    public boolean usable() {
      return readings >= MIN_READINGS && widths >= MIN_WIDTHS && Double.isFinite(widths);
    }
  }

  SensorDriftEndCheck(State learned) {
    this.learned = learned;
  }

  @Override
  public State state() {
    finishTraining();
    return learned;
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    falls.push(r.at().toEpochMilli(), r.value());
    if (r.training()) {
      trainingReadings++;
      long day = Math.floorDiv(r.at().toEpochMilli(), DAY_MILLIS);
      Fall f = falls.fall(r.intervalSeconds(), LEARN_WIDTHS);
      if (f != null) {
        risenFalls.add(day, f.widths());
      }
      Fall low = falls.fallBelowFloor(r.intervalSeconds(), LEARN_WIDTHS);
      if (low != null) {
        lowFalls.add(day, low.widths());
      }
      Fall unrisen = falls.fallWithoutRise(r.intervalSeconds(), LEARN_WIDTHS);
      if (unrisen != null) {
        unrisenFalls.add(day, unrisen.widths());
      }
      return null;
    }
    finishTraining();
    if (learned == null) {
      return null;
    }
    Fall f = falls.fall(r.intervalSeconds(), learned.widths());
    if (f != null) {
      return finding(f, learned.widths(), detail(f, r.intervalSeconds()));
    }
    Double least = learned.lowWidths();
    Fall low = isLearned(least) ? falls.fallBelowFloor(r.intervalSeconds(), least) : null;
    if (low != null) {
      return finding(low, least, detailBelowFloor(low, r.intervalSeconds()));
    }
    Double leastUnrisen = learned.unrisenWidths();
    Fall unrisen = isLearned(leastUnrisen) ? falls.fallWithoutRise(r.intervalSeconds(), leastUnrisen) : null;
    return unrisen == null ? null : finding(unrisen, leastUnrisen, detailWithoutRise(unrisen, r.intervalSeconds()));
  }

  private static boolean isLearned(Double widths) {
    return widths != null && Double.isFinite(widths);
  }

  private static Finding finding(Fall f, double least, String detail) {
    double score = Math.min(1, 0.75 + 0.25 * (f.widths() - least) / least);
    return new Finding(score, AnomalyKind.SENSOR_DRIFT, Double.NaN, Double.NaN, detail);
  }

  private static String detail(Fall f, double intervalSeconds) {
    return String.format(Locale.ROOT,
        "fell from %.1f to %.1f, most of it in one reading, after rising slowly from %.1f over %s", f.before(),
        f.after(), f.left(), ReadingRing.duration(f.readings(), intervalSeconds));
  }

  private static String detailBelowFloor(Fall f, double intervalSeconds) {
    return String.format(Locale.ROOT,
        "fell from %.1f to %.1f, most of it in one reading, below every level of the last %s (lowest %.1f)",
        f.before(), f.after(), ReadingRing.duration(f.readings(), intervalSeconds), f.left());
  }

  private static String detailWithoutRise(Fall f, double intervalSeconds) {
    return String.format(Locale.ROOT,
        "fell from %.1f to %.1f, most of it in one reading, with no reading of the last %s rising more than %.1f",
        f.before(), f.after(), ReadingRing.duration(f.readings(), intervalSeconds), Math.max(0, f.left()));
  }

  private void finishTraining() {
    if (trainingReadings == 0) {
      return;
    }
    State s = new State(risenFalls.secondLargest(MIN_WIDTHS), trainingReadings, lowFalls.secondLargest(LOW_MIN_WIDTHS),
        unrisenFalls.secondLargest(UNRISEN_MIN_WIDTHS));
    learned = LearnedState.ifUsable(s);
    risenFalls.clear();
    lowFalls.clear();
    unrisenFalls.clear();
    trainingReadings = 0;
  }
}
