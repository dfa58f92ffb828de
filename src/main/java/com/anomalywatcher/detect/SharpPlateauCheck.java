package com.anomalywatcher.detect;

import java.util.Arrays;

/**
 * The sharp-plateau check of a particulate-matter sensor: its level stepping within one reading
 * from a quiet level to another that it then holds for {@value #HELD} readings, flat within its own
 * noise: what a pollution spike or a calibration offset added onto the ordinary readings does.
 *
 * <p>What it is told apart from. Bursts (cooking, cleaning) rise over two readings (the first one
 * part-way up), hold their top for a few readings and decay: the reading before a top is not at
 * the level the burst left, and a window that starts part-way up or reaches into the decay is not
 * flat. The background wanders without steps, and the settling after a burst starts from an
 * unsettled level. So a plateau needs all of: the {@value #BEFORE} readings before the held ones
 * (the baseline) settled, their interquartile range at most {@value #FLATNESS} of the shift; the
 * last baseline reading and the reading right before the held ones within {@value #ONSET_NOISE}
 * noise widths of the baseline's median (the step took one reading: a burst that rises from a
 * level still falling, its first reading part-way up near that level's median, makes none); the
 * held readings all on one side of it, the shift being
 * the nearest one, and their spread at most {@value #FLATNESS} of the shift and at most
 * {@value #FLAT_NOISE} noise widths. The noise width is learned: 1.4826 times the median absolute
 * change between consecutive readings (the standard deviation of that change for Gaussian noise,
 * {@link TypicalDay}).
 *
 * <p>The tolerance: per day of history the largest plateau the sensor showed; the median over days
 * is the typical day's ({@link TypicalDay}: one or two days with an anomaly in the history do not
 * set it, as they would a maximum); a plateau opens an
 * incident at {@value #MARGIN} times it, and never below {@value #ONSET_NOISE} noise widths.
 * Measured before wiring (offline on the stored readings of the three D1 data sets, 30 particulate
 * sensors): bursts no longer set this tolerance, which comes out at 3–5 noise widths, while the
 * pollution spikes the other checks miss reach 2–3.5 times it. The margin was 2 (offline, 1.8
 * cost 4 false alerts); through the detector on five D1 data sets 1.9 found one more pollution
 * spike (between 1.9 and 2 times) and no more false alerts, 1.8 one more on two of the five
 * (docs/accuracy-log.md, 2026-12-02). Judges once it has learned
 * {@value #MIN_DAYS} days. Learns from the readings its {@link AnalogCheck} learns from. Not
 * thread-safe; owned by its {@link AnalogCheck}.
 *
 * <p>A background that rises or falls steadily under the step (air filling or clearing) has no
 * settled level: the baseline's median lags the level the step left by half the baseline's move, so
 * a falling background shortens the step and a rising one puts the reading before the step beyond
 * the onset noise of the median. The step is then also measured from the baseline's own line (the
 * larger of the two counts), with the same shape rules about the line instead of the median. The
 * tolerance is still learned from settled levels only: measured on D1's six tuning sets, learning the
 * line's plateaus too raised some sensors' typical day and lost a calibration error found before
 * (docs/accuracy-log.md, "2026-12-07 (third session): wear").
 *
 * <p>The first held reading may overshoot the level the step then holds (a sensor's response to a
 * sudden offset). When the held readings are not flat within {@value #FLAT_NOISE} noise widths only
 * because their first lies beyond all the others, in the step's direction, the plateau is measured on
 * the others, by the same rules; such a plateau is judged, not learned. A burst's top does not pass
 * for it: a burst rises over two readings (the reading before the held ones is part-way up) and its
 * top decays, so the readings after its first are not flat.
 */
final class SharpPlateauCheck extends TypicalPlateauCheck {
  static final int HELD = 6;
  static final int BEFORE = 10;
  static final double FLATNESS = 0.5;
  static final double ONSET_NOISE = 3;
  static final double FLAT_NOISE = 5;
  static final double MARGIN = 1.9;
  static final int MIN_DAYS = 3;
  private static final int SPAN = BEFORE + 1 + HELD;
  /** The last plateau measured from a settled level (0 for none): what training learns. */
  private double settled;
  private final double[] residuals = new double[BEFORE];
  private final double[] part = new double[BEFORE];

  SharpPlateauCheck(DayClock clock) {
    this(new TypicalDay(clock));
  }

  private SharpPlateauCheck(TypicalDay typical) {
    super(typical, new RecentReadings(SPAN, BEFORE), new Margin(MARGIN, ONSET_NOISE, MIN_DAYS));
  }

  /** Restores a saved check, sharing arrays alike with the other checks of its detector. */
  static SharpPlateauCheck restore(DayClock clock, TypicalDay.State s, SharedArrays shared) {
    return new SharpPlateauCheck(TypicalDay.restore(clock, s, shared));
  }

  @Override
  double measure() {
    double sigma = typical.noise();
    if (Double.isNaN(sigma)) {
      return 0;
    }
    double lowest = recent.lowest(BEFORE + 1, SPAN);
    double highest = recent.highest(BEFORE + 1, SPAN);
    boolean overshot = false;
    if (highest - lowest > FLAT_NOISE * sigma) {
      // the held readings but the first, which may overshoot the level they settle at
      lowest = recent.lowest(BEFORE + 2, SPAN);
      highest = recent.highest(BEFORE + 2, SPAN);
      if (!overshoots(lowest, highest) || highest - lowest > FLAT_NOISE * sigma) {
        return 0;
      }
      overshot = true;
    }
    double fromLevel = fromSettledLevel(sigma, lowest, highest);
    settled = overshot ? 0 : fromLevel;
    double levelLeft = baseline;
    // the line's level is within ONSET_NOISE widths of the reading before the held ones and the held
    // ones at least that far beyond it, so they all lie on one side of that reading, or there is none
    double before = recent.at(BEFORE);
    double fromTrend = lowest >= before || highest <= before ? fromBackgroundTrend(sigma, lowest, highest) : 0;
    if (Math.abs(fromLevel) >= Math.abs(fromTrend)) {
      baseline = levelLeft;
      return fromLevel;
    }
    return fromTrend;
  }

  /**
   * Whether the first held reading lies beyond all the others held (from {@code lowest} to
   * {@code highest}), on the side they lie from the reading before them: the step overshot the level it
   * then held, as a sensor's response to a sudden offset may.
   */
  private boolean overshoots(double lowest, double highest) {
    double first = recent.at(BEFORE + 1);
    double before = recent.at(BEFORE);
    return first > highest && lowest > before || first < lowest && highest < before;
  }

  /**
   * Training learns the plateau measured from a settled level only, held flat from its first reading:
   * the tolerance stays what the sensor's own days show of one-reading steps from a still background.
   */
  @Override
  double learnedPlateau(double judged) {
    return judged == 0 ? 0 : settled;
  }

  /** The plateau against the baseline's median: the level a still background settled at. */
  private double fromSettledLevel(double sigma, double lowest, double highest) {
    double lowestBefore = recent.lowest(0, BEFORE);
    double highestBefore = recent.highest(0, BEFORE);
    // before sorting the baseline: a shift is at most this far from its readings, and one under
    // the least tolerance (ONSET_NOISE noise widths) changes no verdict, not even as a day's largest
    double bound = Math.max(lowest - lowestBefore, highestBefore - highest);
    if (bound < ONSET_NOISE * sigma || highest - lowest > FLATNESS * bound) {
      return 0;
    }
    double[] sorted = recent.sortedOldest();
    double level = (sorted[BEFORE / 2 - 1] + sorted[BEFORE / 2]) / 2;
    baseline = level;
    double shift = lowest > level ? lowest - level : highest < level ? highest - level : 0;
    double magnitude = Math.abs(shift);
    boolean flat = highest - lowest <= FLATNESS * magnitude
        && sorted[BEFORE - 1 - BEFORE / 4] - sorted[BEFORE / 4] <= FLATNESS * magnitude;
    // the step took one reading: the last baseline reading and the one after it are still at the level
    boolean oneReading = Math.abs(recent.at(BEFORE - 1) - level) <= ONSET_NOISE * sigma
        && Math.abs(recent.at(BEFORE) - level) <= ONSET_NOISE * sigma;
    return flat && oneReading ? shift : 0;
  }

  /**
   * The plateau against the background's own line: a background that rises or falls steadily (the
   * air of a room filling or clearing) has no settled level, and its median lies half a baseline's
   * move behind the level the step left. The line runs through the medians of the baseline's older
   * and newer halves, shifted by its readings' median residual; the baseline must hug it (the
   * interquartile range of the residuals, as {@link #fromSettledLevel}'s flatness), the last
   * baseline reading and the one after must lie on it, and the shift is measured from where it
   * stands at the reading before the held ones (not carried on under them: the held readings are
   * flat).
   */
  private double fromBackgroundTrend(double sigma, double lowest, double highest) {
    int half = BEFORE / 2;
    double older = medianOf(0, half);
    double newer = medianOf(half, BEFORE);
    double slope = (newer - older) / half;
    double centre = half + (half - 1) / 2.0;
    for (int i = 0; i < BEFORE; i++) {
      residuals[i] = recent.at(i) - (newer + slope * (i - centre));
    }
    Arrays.sort(residuals);
    double offset = (residuals[half - 1] + residuals[half]) / 2;
    double level = newer + offset + slope * (BEFORE - centre);
    double shift = lowest > level ? lowest - level : highest < level ? highest - level : 0;
    double magnitude = Math.abs(shift);
    if (magnitude < ONSET_NOISE * sigma) {
      return 0;
    }
    boolean flat = highest - lowest <= FLATNESS * magnitude
        && residuals[BEFORE - 1 - BEFORE / 4] - residuals[BEFORE / 4] <= FLATNESS * magnitude;
    double lastOnLine = newer + offset + slope * (BEFORE - 1 - centre);
    boolean oneReading = Math.abs(recent.at(BEFORE - 1) - lastOnLine) <= ONSET_NOISE * sigma
        && Math.abs(recent.at(BEFORE) - level) <= ONSET_NOISE * sigma;
    if (!(flat && oneReading)) {
      return 0;
    }
    baseline = level;
    return shift;
  }

  /** The median of the readings at positions {@code [from, to)}, an odd count of them. */
  private double medianOf(int from, int to) {
    int n = to - from;
    for (int i = 0; i < n; i++) {
      part[i] = recent.at(from + i);
    }
    Arrays.sort(part, 0, n);
    return part[n / 2];
  }
}
