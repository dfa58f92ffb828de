package com.anomalywatcher.detect;

/**
 * The risen-plateau check of a particulate-matter sensor: its level risen, within up to
 * {@value #RISE} readings, from a settled level to one it then holds for {@value #HELD} readings:
 * what a dust storm does (it ramps up over several readings, then stays high with more noise on
 * top than the background has). Neither the one-reading step of {@link SharpPlateauCheck} nor the
 * held shifts of {@link PlateauCheck} see it: the ramp is no step, and while the held readings are
 * measured against the readings right before them the ramp sits in their baseline.
 *
 * <p>So the baseline here is the {@value #BEFORE} readings before the {@value #RISE} that precede
 * the held ones, settled (their interquartile range at most {@value #SETTLED} of the rise), and the
 * held readings all lie above its median, the rise being the nearest of them, moving among
 * themselves by at most {@value #FLATNESS} of it. Only rises: a fall back to a settled level is how
 * every excursion ends (a burst's decay, the end of an incident). Bursts (cooking, cleaning) hold
 * their top for a few readings and decay within {@value #HELD}, so the held readings of a burst
 * spread too far.
 *
 * <p>The tolerance is the typical day's largest rise ({@link TypicalDay}), never below
 * {@value #LEAST_NOISE} noise widths; a rise opens an incident at {@value #MARGIN} times it.
 * Measured before wiring (offline on the stored readings of the three D1 data sets, 30 particulate
 * sensors): 5 of the 6 dust storms the other checks miss, and no rise elsewhere in the three test
 * weeks, at margins 3 and 3.5, held 12 or 15 readings and rises of up to 10–15 readings; at margin
 * 2.5 the sixth and 4 false alerts. Judges once it has learned {@value #MIN_DAYS} days; learns from
 * the readings its {@link AnalogCheck} learns from. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class RisenPlateauCheck extends TypicalPlateauCheck {
  static final int HELD = 15;
  static final int RISE = 15;
  static final int BEFORE = 10;
  static final double FLATNESS = 0.5;
  static final double SETTLED = 0.25;
  static final double LEAST_NOISE = 3;
  static final double MARGIN = 3;
  static final int MIN_DAYS = 3;
  /** Readings over which the steepness of a rise is measured. */
  static final int STEEP_SPAN = 5;
  /** Dates of the history with a rise at least as high and as steep that make a rise usual. */
  static final int USUAL_DATES = 2;
  /**
   * How near the history's rises must come to count as as high and as steep: the day's largest is
   * measured at one reading of its rise, and a steepness over five readings carries their noise.
   */
  static final double HEIGHT_NEAR = 0.9;
  static final double STEEP_NEAR = 0.8;
  /**
   * A rise under this many times the typical rise of the days that had one is usual: on a sensor
   * whose background rises on fewer than half of the days, the median day has none, and the
   * tolerance falls to the noise floor ({@value #LEAST_NOISE} noise widths) however high the rises
   * the history does show went. Twice: the background's rises that alerted on such sensors (B2 and
   * D1) were 1.3–2.0 times the rise days' typical, the dust storms this check finds first 2.6 times
   * or more (docs/accuracy-log.md, 2026-12-02, b2).
   */
  static final double RISE_DAYS_MARGIN = 2;
  private static final int SPAN = BEFORE + RISE + HELD;

  RisenPlateauCheck(DayClock clock) {
    this(new TypicalDay(clock));
  }

  private RisenPlateauCheck(TypicalDay typical) {
    super(typical, new RecentReadings(SPAN, BEFORE), new Margin(MARGIN, LEAST_NOISE, MIN_DAYS));
  }

  /** Restores a saved check, sharing arrays alike with the other checks of its detector. */
  static RisenPlateauCheck restore(DayClock clock, TypicalDay.State s, SharedArrays shared) {
    return new RisenPlateauCheck(TypicalDay.restore(clock, s, shared));
  }

  @Override
  double measure() {
    double lowest = recent.lowest(BEFORE + RISE, SPAN);
    double highest = recent.highest(BEFORE + RISE, SPAN);
    double lowestBefore = recent.lowest(0, BEFORE);
    // cheap test first, before sorting: the rise is at most the held readings' lowest above the
    // baseline's lowest, and most readings fail on that bound already; a rise under the least
    // tolerance (LEAST_NOISE noise widths) changes no verdict, not even as a day's largest
    double bound = lowest - lowestBefore;
    double sigma = typical.noise();
    companion = 0;
    if (highest - lowest > FLATNESS * bound || !(bound >= LEAST_NOISE * sigma)) {
      return 0;
    }
    double[] sorted = recent.sortedOldest();
    double level = (sorted[BEFORE / 2 - 1] + sorted[BEFORE / 2]) / 2;
    double up = lowest - level;
    boolean held = up > 0 && highest - lowest <= FLATNESS * up
        && sorted[BEFORE - 1 - BEFORE / 4] - sorted[BEFORE / 4] <= SETTLED * up;
    baseline = level;
    if (!held) {
      return 0;
    }
    companion = steepness();
    return up;
  }

  /** The largest rise over {@value #STEEP_SPAN} readings in the window. */
  private double steepness() {
    double steepest = 0;
    for (int i = 0; i + STEEP_SPAN < SPAN; i++) {
      steepest = Math.max(steepest, recent.at(i + STEEP_SPAN) - recent.at(i));
    }
    return steepest;
  }

  /**
   * A rise is usual after all when on {@value #USUAL_DATES} dates of the history the day's largest
   * rise was about as high and as steep or more ({@value #HEIGHT_NEAR} and {@value #STEEP_NEAR} of
   * it): the slow rises of a particulate sensor's background that some days show (a dust storm
   * rises far higher, and faster, than the background); or when it stays under
   * {@value #RISE_DAYS_MARGIN} times the typical rise of the days whose background rose at all, on
   * {@value #USUAL_DATES} dates or more ({@link TypicalDay#typicalOfDaysWithOne}); or, when the
   * typical rise comes from one date, that date's rise stayed under the level that alerts now (the
   * background's own wander, not a fault the history held) and the plateau under
   * {@value #RISE_DAYS_MARGIN} times it. B2's clean world (docs/accuracy-log.md, 2026-12-05, pm): a
   * restaurant's background rose 8.75 µg/m³ over 20 readings at 01:45 (seed 7699) and 6.25 and 7.1
   * over 13–16 readings at 08:10 and 12:43 (seed 16255), where its 7-day history had one date each
   * with a rise of 5.3 and 4.3 against an alert level of 6. A storm the history held once alerts
   * again: its rise passed the alert level.
   */
  @Override
  boolean usualAfterAll(double plateau, double alertLevel) {
    double onlyDate = typical.typicalOfDaysWithOne(1);
    return typical.daysAtLeast(HEIGHT_NEAR * plateau, STEEP_NEAR * companion) >= USUAL_DATES
        || plateau < RISE_DAYS_MARGIN * typical.typicalOfDaysWithOne(USUAL_DATES)
        || (onlyDate < alertLevel && plateau < RISE_DAYS_MARGIN * onlyDate);
  }
}
