package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;

/**
 * One check of an analog sensor plugged into {@link AnalogCheck}: it learns from the training
 * history into a part saved with the model, keeps a running state of its own, and judges readings.
 * A check is of one of three kinds: a {@link HeldStepCheck} finds held steps (the incident it opens is
 * held from the level left), an {@link OwnKindCheck} names an anomaly of its own kind, a
 * {@link LookAlikeCheck} tells a held step that is a known look-alike (it then opens nothing).
 *
 * <p>For each reading, in time order, its {@link AnalogCheck} calls {@link #restart} on every check
 * when the reading follows a gap; then {@link HeldStepCheck#note} and {@link LookAlikeCheck#note} (every reading); then, unless the
 * reading follows a gap, {@link HeldStepCheck#heldStep} while no incident is open (outside training)
 * until a check finds one that no {@link LookAlikeCheck#explains}, and {@link OwnKindCheck#judge} (training too); last
 * {@link HeldStepCheck#learn} when the reading is learned as normal.
 *
 * <p>To add a check: a class implementing one of the two (and named in its {@code permits}, the
 * compiler asks), plus one line in {@link PluggedChecks#ANALOG} with its saved name, its state's
 * type, the sensors it fits and how it is made fresh or from its saved state (one learned once, when
 * training ends, is a {@link LearnedState}). Sealed so that the running state's layout ({@link
 * RunningState#format}) sees every check's fields. Not thread-safe; owned by its {@link AnalogCheck}.
 */
sealed interface PluggedCheck
    permits PluggedCheck.HeldStepCheck, PluggedCheck.OwnKindCheck, PluggedCheck.LookAlikeCheck {

  /**
   * What it learned, a record of the type it is registered with, saved under its registered name;
   * null for a check that learns nothing (nothing is saved).
   */
  Object state();

  /** Forgets the recent readings: the reading that follows a gap starts a new run. */
  default void restart() {}

  /**
   * A check's state learned once, when its training ends, and saved whole: a record whose components
   * are its saved form. A state learned from too little (or damaged in a file) is not judged by: a
   * check that learned one keeps none ({@link #ifUsable}), and a saved one makes the check fresh
   * ({@link PluggedChecks.Plug#make}), so that it judges nothing until retrained. Its check's
   * constructor takes it, usable, or null for a fresh check.
   */
  interface LearnedState {
    /**
     * Whether the check can judge by it: learned from enough history, its numbers in range. Named
     * so that no JSON mapper takes it for a property: the saved form is the record's components.
     */
    boolean usable();

    /** {@code s} when it is usable, else null (also for null). */
    static <S extends LearnedState> S ifUsable(S s) {
      return s != null && s.usable() ? s : null;
    }
  }

  /**
   * A check that finds held steps: the level the readings left and the one they hold. The first
   * step a check finds (in registration order) opens the incident, held from the level left.
   */
  sealed interface HeldStepCheck extends PluggedCheck
      permits StepCheck, PlateauCheck, TypicalPlateauCheck, SettledStepCheck, HeldShiftCheck {
    /** Notes a reading (every reading, the first after a gap too). */
    void note(Reading r);

    /** Learns the last reading as normal: every reading in training, live those judged normal. */
    void learn(Instant at);

    /** The held step the last reading completes, or null; asked only with no incident open, outside training. */
    StepCheck.Step heldStep(Reading r, Quiet q);
  }

  /** A check that tells held steps that are look-alikes: a step it explains opens no incident. */
  sealed interface LookAlikeCheck extends PluggedCheck permits BurstLookAlike, BurstEndLookAlike {
    /** Notes a reading (every reading, the first after a gap too); learns from it in training. */
    void note(Reading r);

    /** Whether the held step {@code finder} found in the last reading is a look-alike. */
    boolean explains(Reading r, StepCheck.Step step, HeldStepCheck finder);

    /**
     * Whether an incident the one-step check opened, {@code deviation} from the {@code baseline} it
     * holds, is a look-alike as it stands at the last reading (it then stays below the alert level).
     */
    boolean explainsHold(Reading r, double baseline, double deviation);
  }

  /** A check that names an anomaly of its own kind, over the verdict so far. */
  sealed interface OwnKindCheck extends PluggedCheck
      permits WearCheck, RoughnessCheck, SwingCheck, ShortSwingCheck, FanRest, FanStepCheck, FanBandCheck, AgeingCheck,
      UnseenLevelCheck, ColdDayCheck, DriftEndCheck, OffLevelCheck, EnvelopeCreepCheck, SensorDriftEndCheck,
      ReturnPulseCheck {
    /**
     * Notes and judges a reading that continues its run (training too: it learns then what it
     * needs); returns a finding, or null. A finding replaces the verdict so far when it scores higher.
     *
     * @param scoreSoFar the score of the reading as judged so far
     * @param incidentOpen whether the reading is held in an incident (an onset or a held step)
     */
    Finding judge(Reading r, double scoreSoFar, boolean incidentOpen);
  }

  /**
   * A reading as the checks see it.
   *
   * @param training whether the reading is from the training history (learned as normal)
   * @param learnLive whether readings judged normal are learned live (a cold detector)
   * @param fanSwitch the state of the fan switch on the same site (fan speed sensors), or null
   * @param steadyOn a fan speed sensor whose switch is on for longer than a spin-up
   * @param intervalSeconds the sensor's usual interval learned so far (0 before the second reading)
   * @param nominalOn a fan's nominal speed learned so far (0 for other sensors)
   * @param floor the least tolerance of the sensor's category, in its unit
   * @param tolerance the residual tolerance now: the largest one-step residual normal at this time of
   *     day (of steady running, for a fan running steady), at least {@code floor}
   * @param frozenRun the repeats in a row of a value the frozen check calls frozen at this reading, 0
   *     when it does not
   */
  record Reading(Instant at, double value, SensorDescription sensor, boolean training, boolean learnLive,
      SwitchState fanSwitch, boolean steadyOn, double intervalSeconds, double nominalOn, double floor,
      double tolerance, int frozenRun) {
    /** A reading of a value not frozen. */
    Reading(Instant at, double value, SensorDescription sensor, boolean training, boolean learnLive,
        SwitchState fanSwitch, boolean steadyOn, double intervalSeconds, double nominalOn, double floor,
        double tolerance) {
      this(at, value, sensor, training, learnLive, fanSwitch, steadyOn, intervalSeconds, nominalOn, floor, tolerance, 0);
    }
  }

  /**
   * What a held step is judged against.
   *
   * @param noise the least tolerance: the residuals' noise, or the sensor's floor
   * @param levels the levels usual for the time of day
   * @param sinceAlert readings since the last one scored at the alert level (a step right after an
   *     incident is its end)
   */
  record Quiet(double noise, LevelProfile levels, int sinceAlert) {}

  /**
   * A check's verdict: a score in [0, 1], its kind, the expected range (NaN ends: none given) and, for
   * a check that judges no value against a range (a slow fault), what it saw instead, in words (null:
   * nothing to add) or, for a restless value, what it swung between ({@link Swing}, null: none).
   */
  record Finding(double score, AnomalyKind kind, double low, double high, String detail, Swing swing) {
    Finding(double score, AnomalyKind kind, double low, double high) {
      this(score, kind, low, high, null, null);
    }

    Finding(double score, AnomalyKind kind, double low, double high, String detail) {
      this(score, kind, low, high, detail, null);
    }
  }
}
