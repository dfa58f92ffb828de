package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * A particulate sensor's cooking (or cleaning) burst taken for a held step: the level built up over
 * two readings or more and then held its top for a few readings, so {@link StepCheck} sees a shift
 * larger than the whole day's, while the sensor's own history had bursts as high whose rise was of
 * the same kind or slower ({@link BurstHistory}), on {@value BurstHistory#MIN_DATES} dates, one of
 * them around this time of day. Such a step opens nothing. The rise is what tells a burst from the
 * faults that look like it: a pollution spike or calibration error jumps in one reading, and a dust
 * storm's front builds up over 5–10 readings, slower than the bursts of most sensors it comes to. The height is the larger of the step's shift and the reading above the step's baseline, so a
 * burst much higher than any of the history still alerts.
 *
 * <p>Only {@link StepCheck}'s steps: the plateau checks judge shapes bursts do not have (a top held
 * for many readings), and found dust storms quieted by this rule when it covered them (docs/ACCURACY.md,
 * 2026-12-02, pb). Learns from every training reading (the history is taken as normal). A model
 * saved before this check learned nothing, and quiets nothing. Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class BurstLookAlike implements PluggedCheck.LookAlikeCheck {
  /** Readings after the excursion's last new high within which a step is still its top. */
  static final int TOP_READINGS = 12;

  private final BurstHistory history;
  private final ExcursionRise excursion = new ExcursionRise();

  BurstLookAlike(DayClock clock) {
    this(new BurstHistory(clock));
  }

  private BurstLookAlike(BurstHistory history) {
    this.history = history;
  }

  static BurstLookAlike restore(DayClock clock, BurstHistory.State s) {
    return new BurstLookAlike(BurstHistory.restore(clock, s));
  }

  @Override
  public BurstHistory.State state() {
    return history.state();
  }

  @Override
  public void restart() {
    excursion.restart();
  }

  @Override
  public void note(PluggedCheck.Reading r) {
    if (excursion.observe(r.value()) && r.training()) {
      history.learn(r.at(), excursion.height(), excursion.rise());
    }
  }

  @Override
  public boolean explains(PluggedCheck.Reading r, StepCheck.Step step, PluggedCheck.HeldStepCheck finder) {
    if (!(finder instanceof StepCheck) || !(step.shift() > 0) || excursion.sinceHigh() > TOP_READINGS) {
      return false;
    }
    double height = Math.max(step.shift(), r.value() - step.baseline());
    return explains(r.at(), height, excursion.rise());
  }

  /** Whether a burst {@code height} high that rose over {@code rise} readings is usual at {@code at}. */
  boolean explains(Instant at, double height, int rise) {
    return history.reached(at, height, rise);
  }
}
