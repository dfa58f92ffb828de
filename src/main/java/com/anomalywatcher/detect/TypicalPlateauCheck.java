package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * What the particulate sensor's plateau checks judged against the typical day share
 * ({@link SharpPlateauCheck}, {@link RisenPlateauCheck}): the last readings, a plateau of the
 * subclass's shape measured at each one, and per day of history the largest plateau
 * ({@link TypicalDay}). A plateau opens an incident at a {@link Margin} times the typical day's
 * largest, never below a least number of noise widths, once enough days were learned, and not
 * within {@link StepCheck#QUIET_AFTER_ALERT} readings after an alert (a step right after an
 * incident is its end). Learns from the readings its {@link AnalogCheck} learns from. Not
 * thread-safe; owned by its {@link AnalogCheck}.
 */
abstract sealed class TypicalPlateauCheck implements PluggedCheck.HeldStepCheck
    permits SharpPlateauCheck, RisenPlateauCheck {
  final TypicalDay typical;
  final RecentReadings recent;
  private final Margin margin;
  /** The plateau the last reading completes, signed; 0 for none. */
  private double plateau;
  /** The level the last plateau measured left (set by {@link #measure}). */
  double baseline = Double.NaN;
  /** A measure of the last plateau learned beside it (set by {@link #measure}; 0 for none). */
  double companion;

  /**
   * When a plateau opens an incident.
   *
   * @param times how many times the typical day's largest plateau
   * @param leastNoise the least tolerance, in noise widths
   * @param minDays days learned before the check judges
   */
  record Margin(double times, double leastNoise, int minDays) {}

  TypicalPlateauCheck(TypicalDay typical, RecentReadings recent, Margin margin) {
    this.typical = typical;
    this.recent = recent;
    this.margin = margin;
  }

  /** The plateau the full window of recent readings ends in, signed, 0 for none; sets {@link #baseline}. */
  abstract double measure();

  /**
   * Whether the history shows a plateau past the margin as usual after all; none by default.
   *
   * @param alertLevel the plateau at which the margin opens an incident now
   */
  boolean usualAfterAll(double plateau, double alertLevel) {
    return false;
  }

  @Override
  public TypicalDay.State state() {
    return typical.state();
  }

  /** Forgets the recent readings (after a gap: a step across it is no step the sensor made). */
  @Override
  public void restart() {
    recent.restart();
    plateau = 0;
    baseline = Double.NaN;
    companion = 0;
  }

  /** Adds a reading (every reading, in time order). */
  void observe(double reading) {
    recent.add(reading);
    plateau = recent.full() ? measure() : 0;
  }

  @Override
  public void note(Reading r) {
    observe(r.value());
  }

  @Override
  public StepCheck.Step heldStep(Reading r, Quiet q) {
    return judge(q.sinceAlert());
  }

  /**
   * The plateau the last reading completes as training learns it, given the one judged: by default
   * the same.
   */
  double learnedPlateau(double judged) {
    return judged;
  }

  /** Learns the last reading's change and plateau as normal. */
  @Override
  public void learn(Instant at) {
    typical.learn(at, recent.change(), learnedPlateau(plateau), companion);
  }

  /**
   * The plateau the last reading completes, or null.
   *
   * @param readingsSinceAlert readings since the last one that scored at the alert level
   */
  StepCheck.Step judge(int readingsSinceAlert) {
    if (plateau == 0 || typical.days() < margin.minDays() || readingsSinceAlert < StepCheck.QUIET_AFTER_ALERT) {
      return null;
    }
    double usual = Math.max(typical.typical(), margin.leastNoise() * typical.noise());
    if (Math.abs(plateau) < margin.times() * usual || usualAfterAll(plateau, margin.times() * usual)) {
      return null;
    }
    // in the step checks' terms: their verdict reaches the alert level at StepCheck.RATIO times this
    return new StepCheck.Step(plateau, baseline, margin.times() * usual / StepCheck.RATIO);
  }
}
