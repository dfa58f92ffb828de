package com.anomalywatcher.detect;

/**
 * A particulate sensor's background wandering up, taken by {@link RisenPlateauCheck} for a dust
 * storm's held rise. That check learns, per day, only rises of its own exact shape (settled before,
 * flat after); a background that wanders in other shapes seldom makes one, the typical day then has
 * none, and the check's tolerance falls to its noise floor. Here the background is the lowest of the
 * last {@value #FLOOR} readings (three times the readings within which {@link RisenPlateauCheck}
 * takes a burst to decay: a restaurant's cooking bursts come in runs, and the lowest of three
 * quarters of an hour sees the background between them; a burst raises no lowest), and per UTC day
 * of the training history two things are learned of it: its largest rise over the check's window
 * ({@value #SPAN} readings) and its largest rise over the check's steepness span
 * ({@value RisenPlateauCheck#STEEP_SPAN} readings). A risen plateau opens nothing when both
 * hold:
 *
 * <ul>
 *   <li>it rose less than {@value RisenPlateauCheck#RISE_DAYS_MARGIN} times the typical day's
 *       background rise (the median over training days of each day's largest);
 *   <li>its steepest rise over {@value RisenPlateauCheck#STEEP_SPAN} readings is less than
 *       {@value RisenPlateauCheck#RISE_DAYS_MARGIN} times the typical day's steepest background rise.
 * </ul>
 *
 * A dust storm ramps up within a few readings, far steeper than any background; a background that
 * rises as far as this one's days do, as slowly, is the background. B2's clean world, seed 4711 at
 * 2026-10-25T02:30Z: {@code pm-supermarket-fb4d7c} rose 14.9 → 21.5 over 25 readings (steepest 2.7
 * over 5), against its days' background rises of 2.8 (median) and steepness 1.5 (docs/ACCURACY.md,
 * "A background's own wander"). Learns from every training reading; a model saved before this check
 * learned nothing and explains nothing. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class BackgroundRiseLookAlike implements PluggedCheck.LookAlikeCheck {
  /** Readings whose lowest is the background. */
  static final int FLOOR = 3 * RisenPlateauCheck.HELD;
  /** Readings the risen-plateau check's window spans: its baseline, the rise and the held readings. */
  static final int SPAN = RisenPlateauCheck.BEFORE + RisenPlateauCheck.RISE + RisenPlateauCheck.HELD;
  private static final int STEEP = RisenPlateauCheck.STEEP_SPAN;

  /**
   * What it learned: per UTC day of the training history (epoch day), the background's largest rise
   * over the window and its largest over the steepness span.
   */
  record State(long[] riseDays, double[] rises, long[] steepDays, double[] steeps) {
    State {
      if (riseDays.length != rises.length || steepDays.length != steeps.length) {
        throw new IllegalArgumentException("days and values must be as many, got " + riseDays.length + " and "
            + rises.length + ", " + steepDays.length + " and " + steeps.length);
      }
      riseDays = riseDays.clone();
      rises = rises.clone();
      steepDays = steepDays.clone();
      steeps = steeps.clone();
    }
  }

  private final DailyLargest rises;
  private final DailyLargest steeps;
  /** The background's floor {@value #SPAN} readings ago (its first {@value #FLOOR}) up to now (its last). */
  private final RecentReadings recent = new RecentReadings(FLOOR + SPAN, 0);

  BackgroundRiseLookAlike() {
    this(new DailyLargest(), new DailyLargest());
  }

  private BackgroundRiseLookAlike(DailyLargest rises, DailyLargest steeps) {
    this.rises = rises;
    this.steeps = steeps;
  }

  static BackgroundRiseLookAlike restore(State s) {
    return new BackgroundRiseLookAlike(DailyLargest.of(s.riseDays(), s.rises()),
        DailyLargest.of(s.steepDays(), s.steeps()));
  }

  @Override
  public State state() {
    return new State(rises.days(), rises.values(), steeps.days(), steeps.values());
  }

  @Override
  public void restart() {
    recent.restart();
  }

  @Override
  public void note(PluggedCheck.Reading r) {
    recent.add(r.value());
    if (r.training() && recent.full()) {
      long day = Math.floorDiv(r.at().getEpochSecond(), 86_400L);
      double now = floorEndingAt(FLOOR + SPAN);
      rises.add(day, now - floorEndingAt(FLOOR));
      steeps.add(day, now - floorEndingAt(FLOOR + SPAN - STEEP));
    }
  }

  /** The lowest of the {@value #FLOOR} readings ending before position {@code end} of a full window. */
  private double floorEndingAt(int end) {
    return recent.lowest(end - FLOOR, end);
  }

  /** The largest rise over {@value #STEEP} readings of the last {@value #SPAN}, in a full window. */
  private double steepness() {
    double steepest = 0;
    for (int i = FLOOR; i + STEEP < FLOOR + SPAN; i++) {
      steepest = Math.max(steepest, recent.at(i + STEEP) - recent.at(i));
    }
    return steepest;
  }

  @Override
  public boolean explains(PluggedCheck.Reading r, StepCheck.Step step, PluggedCheck.HeldStepCheck finder) {
    if (!(finder instanceof RisenPlateauCheck) || !(step.shift() > 0) || !recent.full() || rises.isEmpty()) {
      return false;
    }
    double margin = RisenPlateauCheck.RISE_DAYS_MARGIN;
    return step.shift() < margin * rises.median() && steepness() < margin * steeps.median();
  }

  @Override
  public boolean explainsHold(PluggedCheck.Reading r, double baseline, double deviation) {
    return false;
  }
}
