package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import java.time.Duration;
import java.time.Instant;

/**
 * Domain checks of an analog sensor (oven, heater, fan speed, particulate matter).
 *
 * <p>Each reading is compared with a one-step prediction (last value plus damped last change, so
 * thermal ramps and spin-ups are followed) against the largest residual normally seen at that time
 * of day ({@link ToleranceProfile}): a step the physics does not produce is an onset. From an onset
 * on, the check holds the last normal level as a baseline and keeps scoring the deviation from it,
 * so a plateau (spike, stall, calibration error) or a growing drift stays one incident; the hold
 * ends when the value returns to the baseline (or jumps back towards it), when the deviation stays
 * below the alert level for {@link #CALM_READINGS} readings, when it settles calmly at a level
 * usual for the time of day ({@link LevelProfile}), or after {@link #MAX_HOLD_READINGS}. Outside
 * the physical range scores 1. A fan speed sensor whose switch has been on for a while but reads
 * near zero is stalled; coasting down after switch-off and spinning up after switch-on are normal.
 *
 * <p>Learns residuals only from readings it judges normal (except in training, which assumes the
 * history is normal). Not thread-safe; owned by its {@link SensorDetector}.
 */
final class AnalogCheck {
  static final int MAX_HOLD_READINGS = 60;
  /** Readings remembered to recognise a return to an earlier level. */
  static final int RECALL = 40;
  /** Readings in a row below the alert level that end a hold (no lingering half-incident). */
  static final int CALM_READINGS = 3;
  /** Ratio of residual to tolerance that scores 1; 0.7 is reached at 1.7 times the normal maximum. */
  static final double FULL_SCORE_RATIO = 1.7 / 0.7;
  static final Duration SPIN_UP = Duration.ofMinutes(8);
  /** How many times its normal restlessness a fan must be, and for how many readings, to alert. */
  static final double ROUGH_RATIO = 2.0;
  static final int ROUGH_READINGS = 3;
  /** Score of an onset that still needs confirming (below the usual thresholds 0.7 and 0.8). */
  static final double UNCONFIRMED_SCORE = 0.6;
  /** Tolerances a shifted ramp's value must still be short of the level it heads for. */
  static final double RAMP_MARGIN = 5;

  private final SensorDescription sensor;
  private final double floor;
  private final double damping;
  private final boolean byTimeOfDay;
  private final ToleranceProfile residuals;
  private final LevelProfile levels;
  /** Residuals of a fan speed sensor while its switch has been on for a while (no spin-up). */
  private final ToleranceProfile steadyResiduals;
  private double nominalOn;
  private long nominalCount;
  private double intervalSeconds;

  private Instant lastAt;
  private double last = Double.NaN;
  private double lastDelta;
  /** The change before {@link #lastDelta}: whether the last change continues a trend or jumps. */
  private double previousDelta;
  private Hold hold;
  private final FrozenCheck frozen;
  private final RoughnessCheck roughness;
  /** Oscillation of an oven or heater; null for other categories. */
  private final SwingCheck swing;
  /** A fan speed sensor's rest while switched off ({@link FanRest}); null for other sensors. */
  private final FanRest rest;
  /** A running fan's held steps below a change of speed ({@link FanStepCheck}); null for other sensors. */
  private final FanStepCheck fanSteps;
  private int restless;
  private final double[] recent = new double[RECALL];
  private final StepCheck steps;
  /** Steps measured in the noise of the settled level they leave; null for sensors other than ovens and heaters. */
  private final SettledStepCheck settled;
  /** A particulate sensor's plateaus ({@link PlateauCheck}); null for other categories. */
  private final PlateauCheck plateaus;
  /** Small held steps of an oven or heater at several time scales; null for other categories. */
  private final HeldShiftCheck heldShifts;
  /** A particulate sensor's plateaus reached in one reading ({@link SharpPlateauCheck}); null for other categories. */
  private final SharpPlateauCheck sharp;
  /** A particulate sensor's plateaus reached through a rise ({@link RisenPlateauCheck}); null for other categories. */
  private final RisenPlateauCheck risen;
  /** A running fan's slow restlessness ({@link WearCheck}); null for other sensors. */
  private final WearCheck wear;
  /** Readings since the last one scored at the alert level (a step right after an incident is its end). */
  private int sinceAlert = Integer.MAX_VALUE / 2;
  private int recentHead;
  private int recentSize;

  /** Saved form: what training learned. */
  record State(ToleranceProfile.State residuals, ToleranceProfile.State steadyResiduals, double nominalOn,
      long nominalCount, double intervalSeconds, LevelProfile.State levels, FrozenCheck.State frozen,
      ToleranceProfile.State roughness, SwingCheck.State swing, ToleranceProfile.State steps,
      FanRest.State rest, SettledStepCheck.State settled, FanStepCheck.State fanSteps,
      ToleranceProfile.State plateaus, HeldShiftCheck.State heldShifts, TypicalDay.State sharp,
      TypicalDay.State risen, WearCheck.State wear) {}

  AnalogCheck(SensorDescription sensor) {
    this(sensor, new DayClock(sensor.zone()));
  }

  private AnalogCheck(SensorDescription sensor, DayClock clock) {
    this(sensor, new ToleranceProfile(clock), new ToleranceProfile(clock), 0, 0, 0, new LevelProfile(clock),
        new FrozenCheck(), new ToleranceProfile(clock), isThermal(sensor) ? new SwingCheck(clock) : null,
        FleetDetector.isFanSpeed(sensor) ? new FanRest() : null, new ToleranceProfile(clock),
        isThermal(sensor) ? new SettledStepCheck(clock) : null,
        FleetDetector.isFanSpeed(sensor) ? new FanStepCheck() : null,
        sensor.category() == Category.PM ? new PlateauCheck(new ToleranceProfile(clock)) : null,
        isThermal(sensor) ? new HeldShiftCheck() : null,
        sensor.category() == Category.PM ? new SharpPlateauCheck(clock) : null,
        sensor.category() == Category.PM ? new RisenPlateauCheck(clock) : null,
        FleetDetector.isFanSpeed(sensor) ? new WearCheck(clock) : null);
  }

  private AnalogCheck(SensorDescription sensor, ToleranceProfile residuals, ToleranceProfile steadyResiduals,
      double nominalOn, long nominalCount, double intervalSeconds, LevelProfile levels, FrozenCheck frozen,
      ToleranceProfile roughness, SwingCheck swing, FanRest rest, ToleranceProfile steps, SettledStepCheck settled,
      FanStepCheck fanSteps, PlateauCheck plateaus, HeldShiftCheck heldShifts, SharpPlateauCheck sharp,
      RisenPlateauCheck risen, WearCheck wear) {
    this.sensor = sensor;
    this.wear = wear;
    this.heldShifts = heldShifts;
    this.sharp = sharp;
    this.risen = risen;
    this.settled = settled;
    this.fanSteps = fanSteps;
    this.plateaus = plateaus;
    this.swing = swing;
    this.rest = rest;
    this.steps = new StepCheck(steps, !FleetDetector.isFanSpeed(sensor), isThermal(sensor));
    this.frozen = frozen;
    this.roughness = new RoughnessCheck(roughness);
    this.levels = levels;
    this.residuals = residuals;
    this.steadyResiduals = steadyResiduals;
    this.nominalOn = nominalOn;
    this.nominalCount = nominalCount;
    this.intervalSeconds = intervalSeconds;
    this.floor = switch (sensor.category()) {
      case OVEN, HEATER -> 0.5;
      case FAN -> 6;
      case PM -> 1.0;
      case LAMP -> throw new IllegalArgumentException("a lamp is not analog");
    };
    this.damping = switch (sensor.category()) {
      case FAN, PM -> 0.5;
      case OVEN, HEATER, LAMP -> 0.9;
    };
    // Particulate bursts come at random times: one tolerance for the whole day is the robust one.
    this.byTimeOfDay = sensor.category() != Category.PM;
  }

  static AnalogCheck restore(SensorDescription sensor, State s) {
    DayClock clock = new DayClock(sensor.zone());
    return new AnalogCheck(sensor, ToleranceProfile.restore(clock, s.residuals()),
        ToleranceProfile.restore(clock, s.steadyResiduals()), s.nominalOn(), s.nominalCount(), s.intervalSeconds(),
        LevelProfile.restore(clock, s.levels()), FrozenCheck.restore(s.frozen()),
        ToleranceProfile.restore(clock, s.roughness()),
        // a model saved before the swing check has none learned: it never judges
        !isThermal(sensor) ? null : s.swing() == null ? new SwingCheck(clock) : SwingCheck.restore(clock, s.swing()),
        // a model saved before the rest rule has no rest learned: it never judges
        !FleetDetector.isFanSpeed(sensor) ? null : s.rest() == null ? new FanRest() : FanRest.restore(s.rest()),
        // a model saved before the step check learned no steps: the check stays off until retrained
        s.steps() == null ? new ToleranceProfile(clock) : ToleranceProfile.restore(clock, s.steps()),
        // a model saved before the settled-step check learned none: a fresh one never judges
        !isThermal(sensor) ? null : s.settled() == null ? new SettledStepCheck(clock)
            : SettledStepCheck.restore(clock, s.settled()),
        // a model saved before the fan step check learned no steps: it never judges until retrained
        !FleetDetector.isFanSpeed(sensor) ? null
            : s.fanSteps() == null ? new FanStepCheck() : FanStepCheck.restore(s.fanSteps()),
        // a model saved before the plateau check learned no plateaus: the check stays off until retrained
        sensor.category() != Category.PM ? null
            : new PlateauCheck(s.plateaus() == null ? new ToleranceProfile(clock) : ToleranceProfile.restore(clock, s.plateaus())),
        // a model saved before the held-shift check learned none: a fresh one never judges
        !isThermal(sensor) ? null : s.heldShifts() == null ? new HeldShiftCheck() : HeldShiftCheck.restore(s.heldShifts()),
        // a model saved before the sharp- or risen-plateau check learned no days: it never judges until retrained
        sensor.category() != Category.PM ? null
            : s.sharp() == null ? new SharpPlateauCheck(clock) : SharpPlateauCheck.restore(clock, s.sharp()),
        sensor.category() != Category.PM ? null
            : s.risen() == null ? new RisenPlateauCheck(clock) : RisenPlateauCheck.restore(clock, s.risen()),
        // a model saved before the wear check learned no steady medians: it never judges until retrained
        !FleetDetector.isFanSpeed(sensor) ? null : s.wear() == null ? new WearCheck(clock) : WearCheck.restore(clock, s.wear()));
  }

  private static boolean isThermal(SensorDescription sensor) {
    return sensor.category() == Category.OVEN || sensor.category() == Category.HEATER;
  }

  State state() {
    return new State(residuals.state(), steadyResiduals.state(), nominalOn, nominalCount, intervalSeconds,
        levels.state(), frozen.state(), roughness.state(), swing == null ? null : swing.state(), steps.state(),
        rest == null ? null : rest.state(), settled == null ? null : settled.state(),
        fanSteps == null ? null : fanSteps.state(), plateaus == null ? null : plateaus.state(),
        heldShifts == null ? null : heldShifts.state(), sharp == null ? null : sharp.state(),
        risen == null ? null : risen.state(), wear == null ? null : wear.state());
  }

  /**
   * The residual tolerance now: a fan whose switch has been on for longer than a spin-up takes the
   * tolerance of steady running (spin-ups around opening time would hide anomalies otherwise).
   */
  private double tolerance(Instant at, boolean steadyOn) {
    if (steadyOn && steadyResiduals.count() >= 100) {
      return Math.max(steadyResiduals.allDayMax(), 1.3 * steadyResiduals.quantile(ToleranceProfile.TYPICAL_QUANTILE));
    }
    return byTimeOfDay ? residuals.tolerance(at) : residuals.allDayMax();
  }

  /** The tolerance for a residual of this sign (time-of-day kinds); {@code tol} otherwise. */
  private double signedTolerance(Instant at, double residual, double tol, SwitchState fanSwitch) {
    if (!byTimeOfDay || (isSteadyOn(at, fanSwitch) && steadyResiduals.count() >= 100)) {
      return tol;
    }
    return Math.max(floor, residuals.tolerance(at, residual));
  }

  /**
   * The signed tolerance of an onset; an oven or heater whose value is usual within
   * {@link ToleranceProfile#RAMP_NEIGHBOUR_SLOTS} slots and still at least {@link #RAMP_MARGIN}
   * tolerances short of the level it steps towards (a warm-up from setback to setpoint, a cool-down
   * the other way) may also step like the ramps learned there: a warm-up or cool-down that starts
   * earlier or later than on any training day (the edges of two days differ by up to twice the
   * schedule jitter) is no incident, a step away from a setpoint already reached still is.
   */
  private double onsetTolerance(Instant at, double value, double residual, double tol, SwitchState fanSwitch) {
    double signed = signedTolerance(at, residual, tol, fanSwitch);
    boolean thermal = sensor.category() == Category.OVEN || sensor.category() == Category.HEATER;
    if (!thermal || !levels.isHeadingForUsual(at, value, residual, RAMP_MARGIN * tol,
        ToleranceProfile.RAMP_NEIGHBOUR_SLOTS)) {
      return signed;
    }
    return Math.max(signed, residuals.tolerance(at, residual, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS));
  }

  private boolean isSteadyOn(Instant at, SwitchState sw) {
    return FleetDetector.isFanSpeed(sensor) && sw != null && sw.on()
        && !Duration.between(sw.since(), at).minus(SPIN_UP).isNegative();
  }

  long learnedReadings() {
    return residuals.count();
  }

  /**
   * Scores the reading, then updates the running state; {@code training} learns every residual,
   * {@code learnLive} the residuals of readings judged normal (a trained model keeps its profile).
   */
  Detection observe(Instant at, double value, SwitchState fanSwitch, boolean training, boolean ready,
      boolean learnLive) {
    boolean isFrozen = frozen.observe(value, training, sensor.physicalMin());
    if (heldShifts != null) {
      heldShifts.observe(at, value, intervalSeconds, training);
    }
    boolean gap = lastAt == null || Double.isNaN(last) || isGap(at);
    if (gap) {
      restart(at, value);
      roughness.restart();
      if (swing != null) {
        swing.restart();
      }
      steps.restart();
      steps.observe(value);
      if (settled != null) {
        settled.restart();
        settled.observe(value, training);
      }
      if (fanSteps != null) {
        fanSteps.restart();
      }
      if (plateaus != null) {
        plateaus.restart();
        plateaus.observe(value);
        sharp.restart();
        sharp.observe(value);
        risen.restart();
        risen.observe(value);
      }
      return isFrozen && ready ? frozenVerdict() : rangeOnly(value, ready);
    }
    boolean steadyOn = isSteadyOn(at, fanSwitch);
    double tol = Math.max(floor, tolerance(at, steadyOn));
    if (hold != null && fanSwitch != null && fanSwitch != FleetDetector.UNKNOWN_SWITCH
        && (!fanSwitch.on() || followsSwitch(at, value, tol, fanSwitch))) {
      // switched off: coasting down to 0 is what a fan does; switched on (seen only after the rotor
      // started, the switch's reading was lost): the step was the spin-up
      hold = null;
    }
    boolean held = hold != null;
    Verdict v = held ? holdVerdict(at, value, tol)
        : followsSwitch(at, value, tol, fanSwitch) ? normal(value, tol)
        : onsetVerdict(at, value, tol, fanSwitch, training);
    steps.observe(value);
    if (settled != null) {
      settled.observe(value, training);
    }
    if (plateaus != null) {
      plateaus.observe(value);
      sharp.observe(value);
      risen.observe(value);
    }
    if (!training && !held && !v.onset && hold == null) {
      v = stepVerdict(at, value, tol, v);
      v = settledVerdict(at, value, tol, v);
      v = heldShiftVerdict(value, tol, v);
    }
    v = roughnessVerdict(at, value, steadyOn, training, v);
    v = swingVerdict(at, value, training, v);
    v = restVerdict(value, fanSwitch, training, v);
    v = fanStepVerdict(value, steadyOn, training, learnLive, v);
    if (training || (learnLive && hold == null && !held && v.score < 0.5 && !v.onset)) {
      residuals.learn(at, v.residual);
      steps.learn(at);
      if (settled != null) {
        settled.learn(at);
      }
      if (plateaus != null) {
        plateaus.learn(at);
        sharp.learn(at);
        risen.learn(at);
      }
      if (heldShifts != null) {
        heldShifts.learn(at);
      }
      levels.learn(at, value);
      if (steadyOn) {
        steadyResiduals.learn(at, v.residual);
      }
    }
    if (training || learnLive) {
      learnNominal(value, fanSwitch);
    }
    noteInterval(at);
    // An anomalous step or the return from one is no momentum for the next prediction.
    previousDelta = lastDelta;
    lastDelta = held || v.onset ? 0 : value - last;
    remember(value);
    last = value;
    lastAt = at;
    Detection range = rangeOnly(value, ready);
    if (!ready || training) {
      return range.score() > 0 ? range : Detection.WARMING_UP;
    }
    Detection d = isFrozen ? frozenVerdict() : new Detection(clamp(v.score), v.kind, v.low, v.high, true);
    Detection out = range.score() > d.score() ? range : d;
    sinceAlert = out.score() >= 0.7 ? 0 : sinceAlert + 1;
    return out;
  }

  /**
   * The held-step check ({@link StepCheck}) of a reading the one-step check found no onset in: a
   * held step opens an incident held from the baseline it left.
   */
  private Verdict stepVerdict(Instant at, double value, double tol, Verdict v) {
    double noise = Math.max(floor, residuals.noiseFloor());
    StepCheck.Step step = steps.hasShift() ? steps.judge(at, value, noise, levels, sinceAlert) : null;
    if (step == null && plateaus != null) {
      step = plateaus.judge(at, value, noise, sinceAlert);
    }
    if (step == null && sharp != null) {
      step = sharp.judge(sinceAlert);
    }
    if (step == null && risen != null) {
      step = risen.judge(sinceAlert);
    }
    return step == null ? v : heldStepVerdict(step.shift(), step.baseline(), step.tolerance(), value, tol, v);
  }

  /**
   * The settled-step check ({@link SettledStepCheck}) of an oven or heater whose reading opened no
   * incident yet: a held step many times the noise of the level it left opens one, held from it.
   */
  private Verdict settledVerdict(Instant at, double value, double tol, Verdict v) {
    if (settled == null || hold != null || v.onset) {
      return v;
    }
    SettledStepCheck.Step step = settled.judge(at, value, sinceAlert);
    return step == null ? v : heldStepVerdict(step.shift(), step.baseline(), step.tolerance(), value, tol, v);
  }

  /** A small step held at several time scales ({@link HeldShiftCheck}) of an oven or heater with no incident open. */
  private Verdict heldShiftVerdict(double value, double tol, Verdict v) {
    HeldShiftCheck.Step step = heldShifts == null || hold != null || v.onset ? null : heldShifts.judge(sinceAlert);
    return step == null ? v : heldStepVerdict(step.shift(), step.baseline(), step.tolerance(), value, tol, v);
  }

  /**
   * A held step found by one of the held-step checks: it opens an incident held from the baseline
   * it left when it scores above what the reading already scored ({@code v}).
   */
  private Verdict heldStepVerdict(double shift, double baseline, double tolerance, double value, double tol, Verdict v) {
    double score = Math.abs(shift) / tolerance / FULL_SCORE_RATIO;
    if (score <= v.score) {
      return v;
    }
    hold = new Hold(baseline, 0, damping, shift, tol);
    hold.note(shift, tol);
    HeldStepRange expected = HeldStepRange.around(baseline, 1.5 * tolerance, value, sensor.physicalMin(),
        sensor.physicalMax());
    return new Verdict(score, hold.guess(sensor, value, nominalOn), expected.low(), expected.high(), v.residual, true);
  }

  /**
   * The restlessness check of a fan speed sensor ({@link RoughnessCheck}): a rotor whose
   * reading-to-reading steps stay at least {@value #ROUGH_RATIO} times as large as normal at this
   * time for {@value #ROUGH_READINGS} readings vibrates (a worn bearing, a loose blade). Only fans:
   * particulate sensors are as restless in cooking smoke, and an oven's or heater's oscillation
   * is judged by its periodicity ({@link SwingCheck}).
   */
  private Verdict roughnessVerdict(Instant at, double value, boolean steadyOn, boolean training, Verdict v) {
    if (!FleetDetector.isFanSpeed(sensor)) {
      return v;
    }
    double step = roughness.observe(at, value, training);
    double wearRatio = wear.observe(at, step, steadyOn, training);
    if (wear.worn() && Math.min(1, 0.7 * wearRatio / WearCheck.RATIO) > v.score) {
      v = new Verdict(Math.min(1, 0.7 * wearRatio / WearCheck.RATIO), AnomalyKind.BEARING_WEAR, Double.NaN,
          Double.NaN, v.residual, v.onset);
    }
    double ratio = roughness.ratio(at, step, floor);
    restless = !training && ratio >= ROUGH_RATIO ? restless + 1 : 0;
    double score = Math.min(1, 0.7 * ratio / ROUGH_RATIO);
    if (restless < ROUGH_READINGS || score <= v.score) {
      return v;
    }
    return new Verdict(score, AnomalyKind.VIBRATION, Double.NaN, Double.NaN, v.residual, v.onset);
  }

  /**
   * A fan at rest while switched off that reads above the bottom of its range again ({@link
   * FanRest}): from its {@value FanRest#CONFIRM}nd reading on, a creeping rotor (under a quarter of
   * its nominal speed) is a stall, a faster one a spike.
   */
  private Verdict restVerdict(double value, SwitchState fanSwitch, boolean training, Verdict v) {
    if (rest == null) {
      return v;
    }
    int awake = rest.observe(value, fanSwitch, sensor.physicalMin(), training);
    if (training || awake == 0 || !rest.restsAtBottom()) {
      return v;
    }
    double score = awake >= FanRest.CONFIRM ? 1 : UNCONFIRMED_SCORE;
    if (score <= v.score) {
      return v;
    }
    AnomalyKind kind = value < 0.25 * nominalOn ? AnomalyKind.STALL : AnomalyKind.SPIKE;
    return new Verdict(score, kind, sensor.physicalMin(), sensor.physicalMin(), v.residual, v.onset);
  }

  /**
   * A running fan's speed stepped to a level it holds, by more than its own steps get but less than
   * a change of speed setting ({@link FanStepCheck}): an overspeed above the level it left, a
   * slowing rotor below it. Learns in training, and live (cold start) from readings judged normal.
   */
  private Verdict fanStepVerdict(double value, boolean steadyOn, boolean training, boolean learnLive, Verdict v) {
    if (fanSteps == null) {
      return v;
    }
    double step = fanSteps.observe(value, steadyOn, training || (learnLive && hold == null && v.score < 0.5));
    if (training || step == 0) {
      return v;
    }
    double score = Math.min(1, Math.abs(step) / fanSteps.tolerance() / FULL_SCORE_RATIO);
    if (score <= v.score) {
      return v;
    }
    AnomalyKind kind = step > 0 ? AnomalyKind.OVERSPEED : AnomalyKind.STALL;
    double band = fanSteps.tolerance();
    return new Verdict(score, kind, value - step - band, value - step + band, v.residual, v.onset);
  }

  /** An oven or heater swinging back and forth ({@link SwingCheck}): an oscillation. */
  private Verdict swingVerdict(Instant at, double value, boolean training, Verdict v) {
    if (swing == null) {
      return v;
    }
    double score = Math.min(1, 0.7 * swing.observe(at, value, training) / SwingCheck.RATIO);
    return score <= v.score ? v : new Verdict(score, AnomalyKind.OSCILLATION, Double.NaN, Double.NaN, v.residual, v.onset);
  }

  /** A frozen value: the range it should vary in is unknown, so none is given. */
  private Detection frozenVerdict() {
    return new Detection(1, AnomalyKind.FROZEN, Double.NaN, Double.NaN, true);
  }

  /**
   * Whether a fan speed reading is its rotor following the switch: coasting down (or stopped)
   * while switched off, spinning up towards its nominal speed shortly after switching on, or back
   * up to its nominal speed from a lower one (a second speed ending) while on; while
   * the switch state is unknown ({@link FleetDetector#UNKNOWN_SWITCH}), either.
   */
  private boolean followsSwitch(Instant at, double value, double tol, SwitchState sw) {
    if (!FleetDetector.isFanSpeed(sensor) || sw == null || nominalCount < 10) {
      return false;
    }
    if (sw == FleetDetector.UNKNOWN_SWITCH) { // either state may hold: coasting down or spinning up
      return value >= 0 && (value <= last + tol || value <= nominalOn * 1.1 + tol);
    }
    if (!sw.on()) {
      return value <= last + tol && value >= 0;
    }
    boolean spinningUp = Duration.between(sw.since(), at).compareTo(SPIN_UP) < 0;
    // back up from a lower speed (a second speed, a recovery) towards the nominal one, not beyond
    boolean backToNominal = last < nominalOn - 2 * tol && value >= last - tol && value <= nominalOn + 2 * tol;
    return (spinningUp && value >= last - tol && value <= nominalOn * 1.1 + tol) || backToNominal;
  }

  private Verdict normal(double value, double tol) {
    double residual = value - last;
    return new Verdict(0, null, last - 1.5 * tol, last + 1.5 * tol,
        Math.copySign(Math.min(Math.abs(residual), tol), residual), false);
  }

  private record Verdict(double score, AnomalyKind kind, double low, double high, double residual, boolean onset) {}

  private Verdict onsetVerdict(Instant at, double value, double tol, SwitchState fanSwitch, boolean training) {
    if (!training && isStalled(at, value, fanSwitch)) {
      hold = new Hold(nominalOn, 0, damping, value - nominalOn, tol);
      return new Verdict(1, AnomalyKind.STALL, 0.8 * nominalOn, 1.2 * nominalOn, 0, true);
    }
    // the tolerances are learned from the trend's residual; an onset must also be unforeseen by the last value
    double trendResidual = value - (last + damping * lastDelta);
    OneStepPrediction prediction = OneStepPrediction.of(last, lastDelta, previousDelta, damping, value);
    double predicted = prediction.expected();
    double residual = value - predicted;
    double signedTol = onsetTolerance(at, value, residual, tol, fanSwitch);
    double score = Math.abs(residual) / signedTol / FULL_SCORE_RATIO;
    double band = 1.5 * tol;
    if (!training && score >= 0.7 && isReturn(value, tol)) {
      // Back to a level it left a few readings ago: the end of an excursion that crept away (a
      // drift) rather than the start of one. Alert, but do not hold the level it came back from.
      AnomalyKind kind = excursionKind(value);
      return new Verdict(score, kind, value - 1.5 * tol, value + 1.5 * tol, residual, true);
    }
    if (!training && score >= 0.7) {
      hold = new Hold(predicted, prediction.trend(), damping, residual, tol);
      hold.confirmTolerance = OnsetConfirmation.tolerance(sensor, lastDelta, residual, signedTol);
      hold.note(residual, tol);
      // A single reading never alerts (real sensors glitch: one heavy-tailed outlier, then back):
      // the onset alerts when the next reading confirms it (the hold keeps scoring the deviation).
      return new Verdict(Math.min(score, UNCONFIRMED_SCORE), hold.guess(sensor, value, nominalOn), predicted - band, predicted + band, residual, true);
    }
    return new Verdict(score, null, predicted - band, predicted + band, trendResidual, false);
  }

  /**
   * Whether the value is within two tolerances of one of the last {@value #RECALL} readings (at
   * least three back) while the readings after that one moved at least five tolerances away.
   */
  private boolean isReturn(double value, double tol) {
    double furthest = 0;
    for (int m = 1; m <= Math.min(recentSize, RECALL); m++) {
      double v = recent[Math.floorMod(recentHead - m, RECALL)];
      if (m >= 3 && Math.abs(v - value) <= 2 * tol && furthest >= 5 * tol) {
        return true;
      }
      furthest = Math.max(furthest, Math.abs(v - value));
    }
    return false;
  }

  private AnomalyKind excursionKind(double value) {
    boolean wasAbove = last > value;
    return switch (sensor.category()) {
      case OVEN, HEATER -> AnomalyKind.DRIFT;
      case PM -> wasAbove ? AnomalyKind.SENSOR_DRIFT : AnomalyKind.CALIBRATION_ERROR;
      case FAN -> wasAbove ? AnomalyKind.SPIKE : AnomalyKind.STALL;
      case LAMP -> throw new IllegalStateException("a lamp is not analog");
    };
  }

  private void remember(double value) {
    recent[recentHead] = value;
    recentHead = (recentHead + 1) % RECALL;
    recentSize = Math.min(recentSize + 1, RECALL);
  }

  private Verdict holdVerdict(Instant at, double value, double tol) {
    Hold h = hold;
    h.advanceBaseline();
    h.steadySteps = Math.abs(value - last) <= tol ? h.steadySteps + 1 : 0;
    // Settled at a level this sensor normally shows at this time of day: the hold was a misread
    // transition (a heating ramp taken for an onset), not an incident.
    boolean settledAtUsualLevel = byTimeOfDay && h.steadySteps >= CALM_READINGS
        && levels.isUsual(at, value, tol);
    double deviation = value - h.baseline;
    double holdTol = h.tolerance(deviation, 2 * tol);
    h.readings++;
    double previous = h.lastDeviation;
    boolean backNearBaseline = Math.abs(deviation) <= holdTol;
    boolean jumpedBack = Math.signum(deviation - previous) == -Math.signum(previous)
        && Math.abs(deviation - previous) >= 0.5 * Math.abs(previous)
        && Math.abs(deviation) <= 0.5 * Math.abs(previous);
    double score = Math.abs(deviation) / holdTol / FULL_SCORE_RATIO;
    h.calm = score < 0.7 ? h.calm + 1 : 0;
    if (backNearBaseline || jumpedBack || score < 0.5 || h.calm >= CALM_READINGS || settledAtUsualLevel
        || h.readings > MAX_HOLD_READINGS) {
      hold = null;
      double band = 1.5 * tol;
      return new Verdict(0, null, h.baseline - band, h.baseline + band, 0, false);
    }
    h.note(deviation, tol);
    double band = 1.5 * holdTol;
    return new Verdict(score, h.guess(sensor, value, nominalOn), h.baseline - band, h.baseline + band, 0, false);
  }

  private boolean isStalled(Instant at, double value, SwitchState sw) {
    if (!FleetDetector.isFanSpeed(sensor) || sw == null || !sw.on() || nominalCount < 10) {
      return false;
    }
    boolean spunUp = !Duration.between(sw.since(), at).minus(SPIN_UP).isNegative() || last > 0.7 * nominalOn;
    return spunUp && value < 0.25 * nominalOn;
  }

  private void learnNominal(double value, SwitchState sw) {
    if (!FleetDetector.isFanSpeed(sensor) || hold != null || value <= 0) {
      return;
    }
    boolean steadyOn = sw == null ? value > 0.5 * Math.max(nominalOn, 1) : sw.on();
    if (steadyOn && (nominalCount == 0 || Math.abs(value - nominalOn) < 0.2 * nominalOn)) {
      nominalCount++;
      nominalOn += (value - nominalOn) / Math.min(nominalCount, 500);
    } else if (steadyOn && nominalCount < 5) {
      nominalOn = value;
      nominalCount = 1;
    }
  }

  private Detection rangeOnly(double value, boolean ready) {
    if (value > sensor.physicalMax()) {
      AnomalyKind k = switch (sensor.category()) {
        case FAN -> AnomalyKind.OVERSPEED;
        case PM -> AnomalyKind.DUST_STORM;
        case OVEN, HEATER, LAMP -> AnomalyKind.SPIKE;
      };
      return new Detection(1, k, sensor.physicalMin(), sensor.physicalMax(), true);
    }
    if (value < sensor.physicalMin()) {
      AnomalyKind k = sensor.category() == Category.FAN ? AnomalyKind.STALL : AnomalyKind.DROP;
      return new Detection(1, k, sensor.physicalMin(), sensor.physicalMax(), true);
    }
    return ready ? new Detection(0, null, Double.NaN, Double.NaN, true) : Detection.WARMING_UP;
  }

  private boolean isGap(Instant at) {
    double dt = Duration.between(lastAt, at).toMillis() / 1000.0;
    return intervalSeconds > 0 && dt > 3.5 * intervalSeconds;
  }

  private void noteInterval(Instant at) {
    if (lastAt == null) {
      return;
    }
    double dt = Duration.between(lastAt, at).toMillis() / 1000.0;
    if (dt <= 0) {
      return;
    }
    intervalSeconds = intervalSeconds == 0 ? dt : intervalSeconds + (dt - intervalSeconds) * 0.05;
  }

  private void restart(Instant at, double value) {
    recentSize = 0;
    last = value;
    lastDelta = 0;
    previousDelta = 0;
    lastAt = at;
    hold = null;
  }

  private static double clamp(double s) {
    return s < 0 ? 0 : (s > 1 ? 1 : s);
  }
}
