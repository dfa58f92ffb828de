package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * A particulate sensor's cooking (or cleaning) burst taken for a held step. Such a step opens
 * nothing when either of two things the sensor's own history shows ({@link BurstHistory}) makes it
 * usual; both judge the excursion the step is the top of (its last new high within
 * {@value #TOP_READINGS} readings), by how fast it rose ({@link ExcursionRise}) and how deep.
 *
 * <ul>
 *   <li>How often and how deep, at any time of day: held excursions as deep (within a half-octave)
 *       that rose as fast came on {@value BurstHistory#USUAL_DATES} dates of the history, and
 *       on at least a third as many dates as the depth most frequent at that speed
 *       ({@link BurstHistory#usual}), for a step any held-step check finds. A kitchen's bursts jump
 *       to their top in one or two readings several times a day, to depths of the same order (on
 *       D1's seed 4711 they were 7 of 8 false alerts, opened by {@link PlateauCheck},
 *       {@link SharpPlateauCheck} and {@link StepCheck}); a pollution spike or calibration error
 *       steps by a fraction of that, or by far more, and rarely. A front (a rise of 5 readings or more: a dust storm) is never usual here, and
 *       the excursion must be at least half the step found (on a dust storm's top, its baseline
 *       caught up, the readings make small excursions of their own).
 *   <li>As high, around this time of day: for a step {@link StepCheck} finds that built up over
 *       two readings or more, bursts at least as high whose rise was of the same kind or slower
 *       came on {@value BurstHistory#MIN_DATES} dates, one of them within
 *       {@value BurstHistory#NEAR_HOURS} hours of this time of day ({@link BurstHistory#reached}).
 *       The height is the larger of the step's shift and the reading above the step's baseline,
 *       so a burst much higher than any of the history still alerts. Only {@link StepCheck}'s
 *       steps: over the plateau checks it quieted dust storms (docs/accuracy-log.md, 2026-12-02, pb).
 * </ul>
 *
 * <p>The speed of the rise is what tells a burst from the faults as deep: a pollution spike jumps in
 * one reading, and a dust storm's front builds up over 5–10. Learns from every training reading
 * (the history is taken as normal). A model saved before this check, or before its peaks were
 * kept, learned nothing of them, and they quiet nothing. Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class BurstLookAlike implements PluggedCheck.LookAlikeCheck {
  /** Readings after the excursion's last new high within which a step is still its top. */
  static final int TOP_READINGS = 12;
  /** Readings an excursion must have fallen since its high, each lower than the one before, to be decaying ({@link #decaysAsUsual}). */
  static final int DECAY_READINGS = 2;

  private final BurstHistory history;
  private final ExcursionRise excursion = new ExcursionRise();
  /** Whether the excursion's last high was found decaying as the history's bursts do ({@link #decaysAsUsual}). */
  private boolean topDecays;

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
    topDecays = false;
  }

  @Override
  public void note(PluggedCheck.Reading r) {
    boolean high = excursion.observe(r.value());
    topDecays &= !high;
    if (high && r.training()) {
      history.learn(r.at(), excursion.height(), excursion.rise());
    }
    if (r.training() && excursion.settlesHeldPeak()) {
      history.learnPeak(r.at(), excursion.height(), excursion.rise());
    }
  }

  @Override
  public boolean explains(PluggedCheck.Reading r, StepCheck.Step step, PluggedCheck.HeldStepCheck finder) {
    if (!(step.shift() > 0) || excursion.sinceHigh() > TOP_READINGS) {
      return false;
    }
    // the excursion measured is the step found only when it is most of its height (a dust storm's
    // top, its baseline caught up, makes small new excursions of its own)
    if (excursion.height() >= step.shift() / 2 && history.usual(excursion.height(), excursion.rise())) {
      return true;
    }
    double height = Math.max(step.shift(), r.value() - step.baseline());
    return finder instanceof StepCheck
        && (explains(r.at(), height, excursion.rise()) || justPastTop(height) || decaysAsUsual(height));
  }

  /**
   * Whether the step is found on the first reading past the top of a build-up (two to
   * {@code RISES[1] - 1} readings, {@link BurstHistory#RISES}) no higher than
   * {@link StepCheck#RATIO} times what build-ups of the same kind or slower reached on two dates of
   * the history at any hour (as {@link #explainsHold} asks of a hold): not yet a held step. The
   * short test's three held readings are then the last of the rise, the top and one reading past
   * it, and a cooking burst's top is a peak: the air clears at once (the readings fall from the
   * next one on), where a fault's plateau holds. So the step is judged again at the next reading,
   * by then a decay or still held. B2's clean world (docs/accuracy-log.md, 2026-12-05, pm): bursts
   * 1.2–1.6 times as high as the history's highest, which start to decay at the reading after the
   * one that alerted, seed 15306 at 11:56 and 19:34, seed 20317 at 08:16. A plateau that holds is
   * found one reading later; a jump (a pollution spike, a calibration error) is no build-up, and a
   * front (a dust storm's, 5 readings or more) is judged as before.
   */
  private boolean justPastTop(double height) {
    return excursion.rise() >= BurstHistory.RISES[0] && excursion.rise() < BurstHistory.RISES[1]
        && excursion.sinceHigh() >= 1 && excursion.sinceHigh() < DECAY_READINGS
        && history.reachedAnyHour(height / StepCheck.RATIO, excursion.rise());
  }

  /**
   * Whether the step is the decaying top of a build-up (two readings or more, {@link
   * BurstHistory#RISES}) that has fallen reading by reading for {@value #DECAY_READINGS} readings
   * since its high, and as high as build-ups of the same kind or slower reached on two dates of the
   * history at any hour ({@link BurstHistory#reachedAnyHour}): a clean-world burst of the history's
   * size at an hour it had none, found where its top's slow decay looks held (B2 seeds 1234 and 908
   * at 2026-12-04T16:04Z; docs/accuracy-log.md, "B2 at any clock, and a late switch off", 2026-12-04,
   * b2). A build-up (2 to {@code RISES[1] - 1} readings) whose top lies within the spread of the
   * history's daily tops ({@link BurstHistory#withinTopsSpread}) decays as usual too: a kitchen's
   * bursts top higher on some days than on others, and a new highest by less than that spread is
   * one more such day (B2's clean world, seed 81501 at 2026-07-31T22:17Z and seed 28818 at
   * 2026-09-21T06:22Z: tops 1.15 and 1.25 times the history's highest, alerted two readings past
   * them; docs/accuracy-log.md, 2026-12-07, b2dust). Once found so, a build-up's top stays
   * explained until the excursion makes a new high (noise may lift one reading of a slow decay); a
   * front's only while it falls reading by reading (a dust storm's top falls for a few readings and
   * holds: D1 seed 99, {@code pm-supermarket-6e9f3e}). A front still rising (a dust storm's) or
   * holding (a calibration error's) is not decaying, and a burst higher than the spread alerts.
   */
  private boolean decaysAsUsual(double height) {
    int rise = excursion.rise();
    if (rise < BurstHistory.RISES[0]) {
      return false;
    }
    if (rise >= BurstHistory.RISES[1]) {
      // a front only while it falls reading by reading: a dust storm's top holds, noisily
      return excursion.decaysFromHigh(DECAY_READINGS) && history.reachedAnyHour(height, rise);
    }
    if (!topDecays && excursion.decaysFromHigh(DECAY_READINGS)) {
      topDecays = history.reachedAnyHour(height, rise) || history.withinTopsSpread(Math.max(height, excursion.height()));
    }
    return topDecays;
  }

  /**
   * An incident the one-step check opened on a burst's first steep reading (a noisy first step of a
   * build-up): while it stays an upward excursion built up over two readings or more whose height
   * (the larger of the hold's deviation and the excursion's own) bursts reached on two dates of the
   * history, one within a few hours of this time of day ({@link BurstHistory#reached}), it is that
   * burst. The hold's tolerance is twice the one-step residual one, and a burst that builds up over
   * several readings rises by several of those: B2's clean world, seed 40245 at 10:02 and seed
   * 42707 at 11:22 (docs/accuracy-log.md, 2026-12-03, pa). A jump (a pollution spike, a calibration
   * error) is never a build-up; a drift or a burst that climbs past the history's highest is not
   * reached and alerts.
   */
  @Override
  public boolean explainsHold(PluggedCheck.Reading r, double baseline, double deviation) {
    if (excursion.sinceHigh() > TOP_READINGS || excursion.rise() < BurstHistory.RISES[0]) {
      return false;
    }
    if (deviation < 0) {
      return decaysTowardsItsStart(r.value());
    }
    if (!(deviation > 0)) {
      return false;
    }
    // at the alert ratio of every tolerance: a height 1.7 times the bursts of two dates is beyond them
    return history.reachedAnyHour(Math.max(deviation, excursion.height()) / StepCheck.RATIO, excursion.rise());
  }

  /**
   * Whether a falling incident is the decay of a build-up (two readings or more) as high as bursts
   * of the same kind or slower reached on two dates of the history at any hour
   * ({@link BurstHistory#reachedAnyHour}, at the alert ratio as for a rising incident), the reading
   * still above the level the build-up rose from. The one-step check opens such an incident at the
   * burst's top: the rise's momentum predicts a level above the top, and the air clearing back
   * towards the background reads as a growing fall from it (B2's clean world, seed 99 at
   * 2026-08-08T08:08Z: a burst 9.8 → 17.1 µg/m³ over four readings, its decay to 13.6 alerted
   * "sensor drift" at 0.75, docs/accuracy-log.md, 2026-12-06, b2o). A fall below the level the burst
   * rose from (a calibration error under it) is no decay; a burst higher than the history's is not
   * reached and alerts.
   */
  private boolean decaysTowardsItsStart(double value) {
    return excursion.sinceHigh() >= 1 && value >= excursion.highBaseline()
        && history.reachedAnyHour(excursion.height() / StepCheck.RATIO, excursion.rise());
  }

  /** Whether a burst {@code height} high that rose over {@code rise} readings is usual at {@code at}. */
  boolean explains(Instant at, double height, int rise) {
    return history.reached(at, height, rise);
  }
}
