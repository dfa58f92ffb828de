package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>The other checks of an analog sensor (held steps, plateaus, restlessness, oscillation, a fan's
 * rest and steps) are plugged in: each a {@link PluggedCheck}, registered in {@link PluggedChecks}.
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
  /** A switched-on fan below this fraction of its nominal speed stands still (a stall), it does not run. */
  static final double STALLED_FRACTION = 0.25;
  /** Score of an onset that still needs confirming (below the usual thresholds 0.7 and 0.8). */
  static final double UNCONFIRMED_SCORE = 0.6;
  /** Tolerances a shifted ramp's value must still be short of the level it heads for. */
  static final double RAMP_MARGIN = 5;
  /**
   * How many times the largest same-sign residual the history shows around that time of day an
   * onset must be for the end of a pass to alert on it without a confirming reading ({@link #atPassEnd}).
   */
  static final double PASS_END_MULTIPLE = 5;

  private final SensorDescription sensor;
  private final double floor;
  private final double damping;
  private final boolean byTimeOfDay;
  private final ToleranceProfile residuals;
  private final LevelProfile levels;
  /**
   * Residuals of a fan speed sensor while its switch has been on for a while (no spin-up); of an
   * oven or heater while it is {@linkplain #isSettled settled} at the upper level it holds.
   */
  private final ToleranceProfile steadyResiduals;
  private double nominalOn;
  private long nominalCount;
  private double intervalSeconds;

  private Instant lastAt;
  /**
   * Since when every reading judged normal has moved no more than the least tolerance (an oven or
   * heater holding its level); null after a restart. Onsets and holds leave it alone: an anomaly
   * says nothing about whether the schedule's ramp is over.
   */
  private Instant calmSince;
  private double last = Double.NaN;
  private double lastDelta;
  /** The change before {@link #lastDelta}: whether the last change continues a trend or jumps. */
  private double previousDelta;
  private Hold hold;
  private final FrozenCheck frozen;
  /** The checks plugged in for this sensor ({@link PluggedChecks}), in the order they judge. */
  private final PluggedCheck[] checks;
  /** The name each check's state is saved under. */
  private final String[] names;
  /** The held-step checks among them, and those of a kind of their own: each is called only for its part. */
  private final PluggedCheck.HeldStepCheck[] stepChecks;
  private final PluggedCheck.OwnKindCheck[] kindChecks;
  private final PluggedCheck.LookAlikeCheck[] lookAlikes;
  /** The check of levels never seen (ovens and heaters), null for other sensors. */
  private final UnseenLevelCheck unseen;
  /** The check of a drift's end (ovens and heaters), null for other sensors: it also names the steps others open on. */
  private final DriftEndCheck driftEnd;
  private final double[] recent = new double[RECALL];
  /** Readings since the last one scored at the alert level (a step right after an incident is its end). */
  private int sinceAlert = Integer.MAX_VALUE / 2;
  /**
   * Which of the {@link #recent} readings scored at the alert level: bit {@code m - 1} for the
   * reading {@code m} back ({@value #RECALL} ≤ 64). Only for explanations, never for scores.
   */
  private long recentAlerted;
  private int recentHead;
  private int recentSize;
  /**
   * A reading back at a level the sensor left ({@link #returnDepth}) waiting for the next to confirm
   * it: the value it came back to (NaN when none waits), the reading it came back from (NaN when
   * that is not to be named), its score and kind. A single reading never alerts, a return neither.
   */
  private double returnLevel = Double.NaN;
  private double returnFrom = Double.NaN;
  /** The reading before that return: the reading after it back there makes the return a glitch. */
  private double returnLeft = Double.NaN;
  private double returnScore;
  private AnomalyKind returnKind;
  /**
   * What the end of a pass makes of the last reading ({@link #atPassEnd}), null when nothing: set
   * by each scored reading, never read while scoring, and never saved (transient: the running state
   * and its format stay exactly as they were, so the next pass continues identically).
   */
  private transient Detection passEnd;

  /**
   * Saved form: what training learned; each plugged check's state under its registered name (a
   * check missing there starts fresh). Its JSON keeps the checks' states beside the other parts
   * ({@link AnalogStateJson}).
   */
  @JsonSerialize(using = AnalogStateJson.Writer.class)
  @JsonDeserialize(using = AnalogStateJson.Reader.class)
  record State(ToleranceProfile.State residuals, ToleranceProfile.State steadyResiduals, double nominalOn,
      long nominalCount, double intervalSeconds, LevelProfile.State levels, FrozenCheck.State frozen,
      Map<String, Object> checks) {
    State {
      checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }
  }

  AnalogCheck(SensorDescription sensor) {
    this(sensor, new DayClock(sensor.zone()), null);
  }

  private AnalogCheck(SensorDescription sensor, DayClock clock, State s) {
    this.sensor = sensor;
    SharedArrays shared = new SharedArrays();
    this.residuals = s == null ? new ToleranceProfile(clock) : ToleranceProfile.restore(clock, s.residuals(), shared);
    this.steadyResiduals = s == null ? new ToleranceProfile(clock)
        : ToleranceProfile.restore(clock, s.steadyResiduals(), shared);
    this.levels = s == null ? new LevelProfile(clock) : LevelProfile.restore(clock, s.levels());
    this.frozen = s == null ? new FrozenCheck() : FrozenCheck.restore(s.frozen());
    if (s != null) {
      this.nominalOn = s.nominalOn();
      this.nominalCount = s.nominalCount();
      this.intervalSeconds = s.intervalSeconds();
    }
    List<PluggedChecks.Plugged> plugged = PluggedChecks.make(sensor, clock, shared, s == null ? Map.of() : s.checks());
    this.checks = new PluggedCheck[plugged.size()];
    this.names = new String[plugged.size()];
    List<PluggedCheck.HeldStepCheck> steps = new ArrayList<>();
    List<PluggedCheck.OwnKindCheck> kinds = new ArrayList<>();
    List<PluggedCheck.LookAlikeCheck> alikes = new ArrayList<>();
    for (int i = 0; i < checks.length; i++) {
      checks[i] = plugged.get(i).check();
      names[i] = plugged.get(i).name();
      if (checks[i] instanceof PluggedCheck.HeldStepCheck c) {
        steps.add(c);
      } else if (checks[i] instanceof PluggedCheck.OwnKindCheck c) {
        kinds.add(c);
      } else if (checks[i] instanceof PluggedCheck.LookAlikeCheck c) {
        alikes.add(c);
      }
    }
    this.stepChecks = steps.toArray(new PluggedCheck.HeldStepCheck[0]);
    this.kindChecks = kinds.toArray(new PluggedCheck.OwnKindCheck[0]);
    this.lookAlikes = alikes.toArray(new PluggedCheck.LookAlikeCheck[0]);
    this.unseen = firstOf(kinds, UnseenLevelCheck.class);
    this.driftEnd = firstOf(kinds, DriftEndCheck.class);
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
    return new AnalogCheck(sensor, new DayClock(sensor.zone()), s);
  }

  State state() {
    Map<String, Object> saved = new LinkedHashMap<>();
    for (int i = 0; i < checks.length; i++) {
      Object s = checks[i].state();
      if (s != null) {
        saved.put(names[i], s);
      }
    }
    return new State(residuals.state(), steadyResiduals.state(), nominalOn, nominalCount, intervalSeconds,
        levels.state(), frozen.state(), saved);
  }

  /**
   * The residual tolerance now: a fan whose switch has been on for longer than a spin-up takes the
   * tolerance of steady running (spin-ups around opening time would hide anomalies otherwise).
   */
  private double tolerance(Instant at, boolean steadyOn, boolean settled) {
    if (steadyOn && steadyResiduals.count() >= 100) {
      return Math.max(steadyResiduals.allDayMax(), 1.3 * steadyResiduals.typicalLarge());
    }
    if (settled) {
      return Math.max(settledTolerance(at, 1), settledTolerance(at, -1));
    }
    return byTimeOfDay ? residuals.tolerance(at) : residuals.allDayMax();
  }

  /**
   * The tolerance of an oven or heater {@linkplain #isSettled settled} at the level it holds, for a
   * residual of this sign: the residuals learned while it was settled around this time of day, never
   * more than the slot's own. A slot at the end of a warm-up has the width of the ramps that run
   * through it on other days (their start, 20 minutes earlier, is a slot's largest residual); an
   * oven whose warm-up is over (it already holds the level, moving by no more than it does while
   * holding) cannot step like a ramp any more.
   */
  private double settledTolerance(Instant at, double sign) {
    return Math.min(residuals.tolerance(at, sign), steadyResiduals.tolerance(at, sign));
  }

  /**
   * Whether an oven or heater is settled at the upper level it holds around this time of day: its
   * readings judged normal have moved by no more than the least tolerance (1.3 times the typical
   * large residual of the day) for at least a slot of the profile, and {@code last} lies within
   * {@value #RAMP_MARGIN} least tolerances of the highest level usual at any time of day (a setback or
   * cold level below it is where a warm-up starts; measured: the highest usual within 40 minutes let a
   * cold oven's Sunday warm-up alert, D1 set 99). Needs 100 settled residuals learned when {@code scoring}.
   */
  private boolean isSettled(Instant at, boolean scoring) {
    if (!isThermal() || !byTimeOfDay || calmSince == null || Double.isNaN(last)
        || Duration.between(calmSince, at).getSeconds() < 86_400L / DayClock.SLOTS
        || (scoring && steadyResiduals.count() < 100)) {
      return false;
    }
    return !levels.isShortOfUsual(at, last, 1, RAMP_MARGIN * leastTolerance(), DayClock.SLOTS / 2);
  }

  /** The least tolerance at any time of day. */
  private double leastTolerance() {
    return Math.max(floor, 1.3 * residuals.typicalLarge());
  }

  /**
   * The tolerance for a residual of this sign (time-of-day kinds); {@code tol} otherwise. {@code settled}:
   * whether the reading finds the sensor {@linkplain #isSettled settled} (never in training).
   */
  private double signedTolerance(Instant at, double residual, double tol, SwitchState fanSwitch, boolean settled) {
    if (!byTimeOfDay || (isSteadyOn(at, fanSwitch) && steadyResiduals.count() >= 100)) {
      return tol;
    }
    if (settled) {
      return Math.max(floor, settledTolerance(at, residual));
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
  private double onsetTolerance(Instant at, double value, double residual, double tol, SwitchState fanSwitch,
      boolean settled) {
    double signed = signedTolerance(at, residual, tol, fanSwitch, settled);
    if (!isThermal() || !levels.isHeadingForUsual(at, value, residual, RAMP_MARGIN * tol,
        ToleranceProfile.RAMP_NEIGHBOUR_SLOTS)) {
      return signed;
    }
    return Math.max(signed, residuals.rampTolerance(at, residual, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS));
  }

  /** An oven or heater: a controlled level with scheduled warm-ups and cool-downs. */
  private boolean isThermal() {
    return sensor.category() == Category.OVEN || sensor.category() == Category.HEATER;
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
    return observe(at, value, fanSwitch, training, ready, learnLive, null);
  }

  /**
   * As {@link #observe(Instant, double, SwitchState, boolean, boolean, boolean)}; {@code gaps} (null
   * when unknown) tells the runs of lost readings the sensor's history shows as ordinary dropouts:
   * a scored reading after no longer a run keeps the recent readings ({@link #isUsualDropout}) and,
   * at the level the sensor left, the plugged checks' windows ({@link #isLevelKept}).
   */
  Detection observe(Instant at, double value, SwitchState fanSwitch, boolean training, boolean ready,
      boolean learnLive, GapProfile gaps) {
    passEnd = null;
    boolean isFrozen = frozen.observe(value, training, learnLive, sensor.physicalMin());
    boolean gap = lastAt == null || Double.isNaN(last) || isGap(at);
    boolean steadyOn = isSteadyOn(at, fanSwitch);
    boolean settledNow = !gap && isSettled(at, !training);
    boolean settled = settledNow && !training;
    double tol = Math.max(floor, tolerance(at, steadyOn, settled));
    PluggedCheck.Reading r = new PluggedCheck.Reading(at, value, sensor, training, learnLive, fanSwitch, steadyOn,
        intervalSeconds, nominalOn, floor, tol, isFrozen ? frozen.repeats() : 0);
    boolean usualDropout = gap && !training && isUsualDropout(at, gaps);
    if (gap && !(usualDropout && isLevelKept(value))) {
      for (PluggedCheck c : checks) {
        c.restart();
      }
    }
    for (PluggedCheck.HeldStepCheck c : stepChecks) {
      c.note(r);
    }
    for (PluggedCheck.LookAlikeCheck c : lookAlikes) {
      c.note(r);
    }
    if (gap) {
      restart(at, value, usualDropout);
      return isFrozen && ready ? frozenVerdict() : rangeOnly(value, ready);
    }
    if (hold != null && fanSwitch != null && fanSwitch != FleetDetector.UNKNOWN_SWITCH
        && (!fanSwitch.on() || followsSwitch(at, value, tol, fanSwitch, training))) {
      // switched off: coasting down to 0 is what a fan does; switched on (seen only after the rotor
      // started, the switch's reading was lost): the step was the spin-up
      hold = null;
    }
    boolean held = hold != null;
    double pendingReturn = returnLevel;
    double pendingLeft = returnLeft;
    returnLevel = Double.NaN;
    returnLeft = Double.NaN;
    Verdict v = held ? holdVerdict(at, value, tol)
        : followsSwitch(at, value, tol, fanSwitch, training) ? normal(value, tol)
        : onsetVerdict(at, value, tol, fanSwitch, training, settled, pendingReturn, pendingLeft);
    if (!training && !held && !v.onset && hold == null) {
      v = heldStepVerdict(r, tol, v);
    }
    if (!training && v.score > 0 && isBackFromUnseen(value)) {
      hold = null;
      returnLevel = Double.NaN;
      returnLeft = Double.NaN;
      v = new Verdict(0, null, unseen.low(), unseen.high(), v.residual, false);
    }
    for (PluggedCheck.OwnKindCheck c : kindChecks) {
      PluggedCheck.Finding f = c.judge(r, v.score, hold != null);
      if (f != null && f.score() > v.score) {
        v = new Verdict(f.score(), f.kind(), f.low(), f.high(), v.residual, v.onset, Double.NaN, f.detail(),
            f.swing());
      }
    }
    v = driftEndNamed(v, at, value, r.intervalSeconds());
    if (training || (learnLive && hold == null && !held && v.score < 0.5 && !v.onset)) {
      residuals.learn(at, v.residual);
      for (PluggedCheck.HeldStepCheck c : stepChecks) {
        c.learn(at);
      }
      levels.learn(at, value);
      if (steadyOn || settledNow) {
        steadyResiduals.learn(at, v.residual);
      }
    }
    if (training || learnLive) {
      learnNominal(value, fanSwitch);
    }
    noteInterval(at);
    // An anomalous step or the return from one is no momentum for the next prediction.
    previousDelta = lastDelta;
    if (!held && !v.onset && hold == null && Math.abs(value - last) > leastTolerance()) {
      calmSince = at;
    }
    lastDelta = held || v.onset ? 0 : value - last;
    remember(value);
    last = value;
    lastAt = at;
    Detection range = rangeOnly(value, ready);
    if (!ready || training) {
      passEnd = null;
      return range.score() > 0 ? range : Detection.WARMING_UP;
    }
    Detection d = isFrozen ? frozenVerdict()
        : new Detection(clamp(v.score), shapedKind(v.kind), v.low, v.high, true, v.returnedFrom, v.detail, v.swing);
    Detection out = range.score() > d.score() ? range : d;
    if (v.onset && hold != null && hold.readings == 0 && hold.farOnset) {
      passEnd = new Detection(1, out.kind(), out.expectedLow(), out.expectedHigh(), true);
    }
    sinceAlert = out.score() >= 0.7 ? 0 : sinceAlert + 1;
    recentAlerted |= out.score() >= 0.7 ? 1 : 0;
    return out;
  }

  /**
   * Whether the reading is back inside the range the training history showed from a level it never
   * showed that {@link UnseenLevelCheck} alerted: the end of that incident, not a step away from the
   * level left (an excursion it did not alert keeps its own return: {@link #returnDepth}).
   */
  private boolean isBackFromUnseen(double value) {
    return unseen != null && unseen.isBackFromAlerted(value);
  }

  /**
   * The held-step checks of a reading the one-step check found no onset in: the first held step one
   * of them finds that no look-alike check explains opens an incident held from the baseline it
   * left, when it scores above what the reading already scored ({@code v}).
   */
  private Verdict heldStepVerdict(PluggedCheck.Reading r, double tol, Verdict v) {
    if (stepChecks.length == 0) {
      return v;
    }
    PluggedCheck.Quiet q = new PluggedCheck.Quiet(Math.max(floor, residuals.noiseFloor()), levels, sinceAlert);
    for (PluggedCheck.HeldStepCheck c : stepChecks) {
      StepCheck.Step step = c.heldStep(r, q);
      if (step != null && !isLookAlike(r, step, c) && !endsExcursion(r.value(), step)) {
        return heldStepVerdict(step, r.value(), tol, v);
      }
    }
    return v;
  }

  /**
   * Whether a held step comes back to a level the sensor held within the last {@value #RECALL}
   * readings and left with a jump towards the level the step now leaves (a cooking burst decaying
   * back to its background, a door opening recovering): the end of an excursion, not the start of
   * one. The level held is two readings in a row within half the step of the value, at least three
   * readings back; the reading after them jumped at least half the step away, and at least two
   * readings since lay beyond the whole step on that side. The scale is the step's, not the residual
   * tolerance: a particulate sensor's tolerance is set by its bursts themselves. A level a ramp only
   * passed through was left by no jump; an excursion longer than that memory (a dust storm ending)
   * is not recognised; the one-step check's own return path is unchanged.
   */
  private boolean endsExcursion(double value, StepCheck.Step step) {
    double size = Math.abs(step.shift());
    double near = size / 2;
    double side = Math.signum(step.baseline() - value);
    int away = 0;
    for (int m = 1; m + 1 < recentSize; m++) {
      double v = back(m);
      if (m >= 3 && away >= 2 && Math.abs(v - value) <= near && Math.abs(back(m + 1) - value) <= near
          && (back(m - 1) - v) * side >= near) {
        return true;
      }
      away += (v - value) * side >= size ? 1 : 0;
    }
    return false;
  }

  private boolean isLookAlike(PluggedCheck.Reading r, StepCheck.Step step, PluggedCheck.HeldStepCheck finder) {
    for (PluggedCheck.LookAlikeCheck c : lookAlikes) {
      if (c.explains(r, step, finder)) {
        return true;
      }
    }
    return false;
  }

  private Verdict heldStepVerdict(StepCheck.Step step, double value, double tol, Verdict v) {
    double score = Math.abs(step.shift()) / step.tolerance() / FULL_SCORE_RATIO;
    if (score <= v.score) {
      return v;
    }
    hold = new Hold(step.baseline(), 0, damping, step.shift(), tol);
    hold.note(step.shift(), tol);
    noteSwingBefore(hold, tol);
    HeldStepRange expected = HeldStepRange.around(step.baseline(), 1.5 * step.tolerance(), value,
        sensor.physicalMin(), sensor.physicalMax());
    return new Verdict(score, hold.guess(sensor, value, nominalOn), expected.low(), expected.high(), v.residual, true);
  }

  /** A frozen value: the range it should vary in is unknown, so none is given. */
  private Detection frozenVerdict() {
    return new Detection(1, AnomalyKind.FROZEN, Double.NaN, Double.NaN, true);
  }

  /**
   * Whether a fan speed reading is its rotor following the switch: coasting down (or stopped)
   * while switched off, spinning up towards its nominal speed shortly after switching on, or back
   * up to its nominal speed from a lower one (a second speed ending) while on; while
   * the switch state is unknown ({@link FleetDetector#UNKNOWN_SWITCH}), either. A rotor still
   * {@linkplain #isStalled stalled} while switched on follows nothing when scoring: staying stopped is
   * no run-up (each reading of a stall after its first scored normal, so its alert resolved after the
   * quiet readings while the fan was still stopped, D1 seed 1234's {@code fan-supermarket-60f259});
   * training learns as before.
   */
  private boolean followsSwitch(Instant at, double value, double tol, SwitchState sw, boolean training) {
    if (!FleetDetector.isFanSpeed(sensor) || sw == null || nominalCount < 10) {
      return false;
    }
    if (sw == FleetDetector.UNKNOWN_SWITCH) { // either state may hold: coasting down or spinning up
      return value >= 0 && (value <= last + tol || value <= nominalOn * 1.1 + tol);
    }
    if (!sw.on()) {
      return value <= last + tol && value >= 0;
    }
    if (!training && isStalled(at, value, sw)) {
      return false;
    }
    boolean spinningUp = Duration.between(sw.since(), at).compareTo(SPIN_UP) < 0;
    // back up from a lower speed (a second speed, a recovery) towards the nominal one, not beyond
    boolean backToNominal = last < nominalOn - 2 * tol && value >= last - tol && value <= nominalOn + 2 * tol;
    return (spinningUp && value >= last - tol && value <= nominalOn * 1.1 + tol) || backToNominal;
  }

  /**
   * Whether a fan speed sensor's change from {@code from}, carried on to {@code to}, reaches or
   * passes its nominal running speed learned from its history: that speed is a level it held before
   * however long ago, so a run-up (back from a stall or a second speed) stops there rather than
   * carrying its momentum past it. {@link HeldLevels} finds only levels held within the last
   * {@value #RECALL} readings scored since the detector started: a stall longer than that, or one
   * that began right after the monitor started (B2 seed 808 at 2026-12-01T11:11Z: two readings of
   * running speed, a 27-reading stall, a run-up of +131, +77 rpm to 608 rpm, nominal 610), leaves no
   * level to arrive at, and 606 rpm a reading later, 40 rpm below the carried-on run-up, alerted as a
   * vibration.
   */
  private boolean arrivesAtNominal(double from, double to, double tol) {
    return FleetDetector.isFanSpeed(sensor) && nominalCount >= 10 && HeldLevels.isOnTheWay(nominalOn, from, to, tol);
  }

  private Verdict normal(double value, double tol) {
    double residual = value - last;
    return new Verdict(0, null, last - 1.5 * tol, last + 1.5 * tol,
        Math.copySign(Math.min(Math.abs(residual), tol), residual), false);
  }

  /** A check's verdict; {@code returnedFrom} is the reading a return came back from, NaN for any other. */
  private record Verdict(double score, AnomalyKind kind, double low, double high, double residual, boolean onset,
      double returnedFrom, String detail, Swing swing) {
    Verdict(double score, AnomalyKind kind, double low, double high, double residual, boolean onset) {
      this(score, kind, low, high, residual, onset, Double.NaN, null, null);
    }

    Verdict(double score, AnomalyKind kind, double low, double high, double residual, boolean onset,
        double returnedFrom) {
      this(score, kind, low, high, residual, onset, returnedFrom, null, null);
    }
  }

  /**
   * @param settled whether the reading finds the sensor {@linkplain #isSettled settled} (never in training)
   * @param pendingReturn the level a return to be confirmed by this reading came back to, NaN when none
   * @param pendingLeft the reading before that return, NaN when none
   */
  private Verdict onsetVerdict(Instant at, double value, double tol, SwitchState fanSwitch, boolean training,
      boolean settled, double pendingReturn, double pendingLeft) {
    if (!training && isStalled(at, value, fanSwitch)) {
      hold = new Hold(nominalOn, 0, damping, value - nominalOn, tol);
      return new Verdict(1, AnomalyKind.STALL, 0.8 * nominalOn, 1.2 * nominalOn, 0, true);
    }
    if (!training && (Math.abs(value - pendingReturn) <= 2 * tol
        || (value - pendingReturn) * (pendingReturn - pendingLeft) > 0)) {
      // the reading after a return stays back, or comes on further the same way (a recovery over
      // two readings): the return is confirmed
      return new Verdict(returnScore, returnKind, value - 1.5 * tol, value + 1.5 * tol, value - last, true,
          returnFrom);
    }
    if (!training && Math.abs(value - pendingLeft) <= 2 * tol) {
      // back where it was before the return: that reading was a glitch, and this is no step
      return new Verdict(0, null, value - 1.5 * tol, value + 1.5 * tol, 0, true);
    }
    // the tolerances are learned from the trend's residual; an onset must also be unforeseen by the last value
    double trendResidual = value - (last + damping * lastDelta);
    double byTrend = last + damping * lastDelta;
    // only where the value lies nearer the last one than the trend does can arriving change the prediction
    boolean arriving = Math.abs(value - last) < Math.abs(value - byTrend)
        && (HeldLevels.onTheWay(recent, recentHead, recentSize, last, byTrend, tol)
            || arrivesAtNominal(last, byTrend, tol));
    OneStepPrediction prediction = OneStepPrediction.of(last, lastDelta, previousDelta, damping, value, arriving);
    double predicted = prediction.expected();
    double residual = value - predicted;
    double signedTol = onsetTolerance(at, value, residual, tol, fanSwitch, settled);
    double score = Math.abs(residual) / signedTol / FULL_SCORE_RATIO;
    double band = 1.5 * tol;
    // a return is made by this reading: one that moved no more than noise came back one reading earlier
    int returnDepth = training || score < 0.7 || Math.abs(value - last) <= 2 * tol ? 0 : returnDepth(value, tol);
    if (returnDepth > 0) {
      // Back to a level it left a few readings ago: the end of an excursion that crept away (a
      // drift) rather than the start of one. It alerts when the next reading stays back (a single
      // reading never alerts: a glitch can land there too), and does not hold the level it came
      // back from. The alert says where it came back from only when the level it is back at was
      // taken as normal: back at the level of an earlier anomaly (that reading alerted) is no recovery.
      AnomalyKind kind = excursionKind(value);
      double from = wasAlerted(returnDepth) ? Double.NaN : last;
      returnLevel = value;
      returnFrom = from;
      returnLeft = last;
      returnScore = score;
      returnKind = kind;
      return new Verdict(Math.min(score, UNCONFIRMED_SCORE), kind, value - 1.5 * tol, value + 1.5 * tol, residual,
          true, from);
    }
    if (!training && score >= 0.7) {
      hold = new Hold(predicted, prediction.trend(), damping, residual, tol);
      hold.confirmTolerance = OnsetConfirmation.tolerance(sensor, lastDelta, residual, signedTol);
      hold.farOnset = isFarOnset(at, value, residual, tol, isSteadyOn(at, fanSwitch));
      hold.note(residual, tol);
      noteSwingBefore(hold, tol);
      // A single reading never alerts (real sensors glitch: one heavy-tailed outlier, then back):
      // the onset alerts when the next reading confirms it (the hold keeps scoring the deviation).
      return new Verdict(Math.min(score, UNCONFIRMED_SCORE), hold.guess(sensor, value, nominalOn), predicted - band, predicted + band, residual, true);
    }
    return new Verdict(score, null, predicted - band, predicted + band, trendResidual, false);
  }

  /**
   * The verdict the end of a {@code monitor --once} pass gives the last reading scored, when that
   * reading waits for a confirmation the pass will not bring; null otherwise (and after a reading
   * that alerted, or any reading of training). Two cases, both at full score:
   *
   * <ul>
   *   <li>the reading opened an incident with an onset {@value #PASS_END_MULTIPLE} times larger than
   *       the largest residual of that sign the sensor's history shows around that time of day
   *       ({@link ToleranceProfile#slotLargest}, over {@link ToleranceProfile#RAMP_NEIGHBOUR_SLOTS}
   *       slots on either side; {@link ToleranceProfile#largest} of the whole day for a sensor
   *       judged all day), at a level none of its last {@value #RECALL} readings came within half
   *       the onset of, and none the history shows around this time of day ({@link LevelProfile});
   *   <li>the reading after such an onset jumped half-way back, which ends the incident as a
   *       decaying glitch, while it still lies at the alert level from the level left, far from the
   *       readings before the onset and the usual levels in the same way.
   * </ul>
   *
   * A one-reading decision: a live monitor waits for the next reading instead. Reading it changes
   * nothing.
   */
  Detection atPassEnd() {
    return passEnd;
  }

  /**
   * Whether an onset of {@code residual} is {@value #PASS_END_MULTIPLE} times larger than anything
   * of its sign the history shows around this time of day (the steady running profile of a fan on
   * for a while, as for its tolerance) and lands far from the last {@value #RECALL} readings, at a
   * level the sensor does not usually show around this time of day ({@link LevelProfile#isUsual}).
   */
  private boolean isFarOnset(Instant at, double value, double residual, double tol, boolean steadyOn) {
    boolean steady = steadyOn && steadyResiduals.count() >= 100;
    ToleranceProfile profile = steady ? steadyResiduals : residuals;
    double largest = Math.max(floor, byTimeOfDay && !steady
        ? profile.slotLargest(at, residual, ToleranceProfile.RAMP_NEIGHBOUR_SLOTS) : profile.largest(residual));
    return Math.abs(residual) > PASS_END_MULTIPLE * largest && isFarFromRecent(value, residual, 1)
        && !levels.isUsual(at, value, tol);
  }

  /**
   * Whether a full memory of readings ({@value #RECALL}) lies more than half of {@code away} from
   * the value, from the reading {@code from} back on.
   */
  private boolean isFarFromRecent(double value, double away, int from) {
    if (recentSize < RECALL) {
      return false;
    }
    for (int m = from; m <= recentSize; m++) {
      if (Math.abs(back(m) - value) <= 0.5 * Math.abs(away)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many readings back the value returns to, 0 when it does not: the most recent of the last
   * {@value #RECALL} readings (at least three back) within two tolerances of the value, as was the
   * reading before it (a level the sensor held, not one it passed through: a swing or a ramp
   * crosses every level between its extremes), while at least two of the readings after that one
   * moved five tolerances away or more (one reading away is a glitch, and the reading after it no
   * return).
   */
  private int returnDepth(double value, double tol) {
    int away = 0;
    for (int m = 1; m < recentSize; m++) {
      double v = back(m);
      if (m >= 3 && Math.abs(v - value) <= 2 * tol && Math.abs(back(m + 1) - value) <= 2 * tol && away >= 2) {
        return m;
      }
      away += Math.abs(v - value) >= 5 * tol ? 1 : 0;
    }
    return 0;
  }

  /** Whether the reading {@code m} readings back scored at the alert level. */
  private boolean wasAlerted(int m) {
    return (recentAlerted >>> (m - 1) & 1) != 0;
  }

  /**
   * A particulate rise named a pollution spike is a dust storm when it was spread over several
   * readings ({@link RiseShape}): named from what the readings show at the alert's opening, so the
   * alert says the same from open to resolve.
   */
  private AnomalyKind shapedKind(AnomalyKind kind) {
    return kind == AnomalyKind.POLLUTION_SPIKE && RiseShape.isSpread(this::back, recentSize)
        ? AnomalyKind.DUST_STORM : kind;
  }

  /**
   * Shows a new oven's or heater's hold the readings just before its onset, back to where the sensor
   * last sat at the hold's baseline (two readings in a row within the tolerance of it): a swing the
   * other way among them ({@link Hold#noteBefore}) makes the onset an oscillation's next swing, a
   * controller hunting around its level, however few of its swings alerted on their own. A swing is
   * brief and about as far as the onset: it lasted at most twice the readings from it to the onset,
   * and went at most twice as far. The end of a long excursion (a held spike falling back past the
   * level the one-step prediction carries on to) is neither.
   */
  private void noteSwingBefore(Hold h, double tol) {
    if (!isThermal()) {
      return;
    }
    double onset = h.onsetDeviation;
    int atLevel = 0;
    for (int m = 1; m <= recentSize && atLevel < 2; m++) {
      double deviation = back(m) - h.baseline;
      if (isBeyondOtherWay(deviation, onset, tol)) {
        int run = 1;
        double farthest = deviation;
        while (m + run <= recentSize && isBeyondOtherWay(back(m + run) - h.baseline, onset, tol)) {
          double d = back(m + run) - h.baseline;
          farthest = Math.abs(d) > Math.abs(farthest) ? d : farthest;
          run++;
        }
        if (run <= 2 * m && Math.abs(farthest) <= 2 * Math.abs(onset)) {
          h.noteBefore(farthest, tol);
        }
        return;
      }
      atLevel = Math.abs(deviation) <= tol ? atLevel + 1 : 0;
    }
  }

  /** The first of {@code checks} of class {@code type}, null when the sensor has none. */
  private static <T extends PluggedCheck> T firstOf(List<PluggedCheck.OwnKindCheck> checks, Class<T> type) {
    return checks.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
  }

  private static boolean isBeyondOtherWay(double deviation, double onset, double tol) {
    return deviation * onset < 0 && Math.abs(deviation) > 2 * tol;
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

  /**
   * The reading {@code m} readings back in {@link #recent}, for 1 ≤ {@code m} ≤ {@link #recentSize}
   * (1 is the newest remembered, {@link #last} but for the own reading of a restart that forgot). Slots further back
   * hold readings from before a restart ({@link #restart} forgets them by their count only), so a
   * pair ({@code m}, {@code m + 1}) needs {@code m < recentSize} (pinned by {@code RestartReturnTest}).
   */
  private double back(int m) {
    return recent[Math.floorMod(recentHead - m, RECALL)];
  }

  private void remember(double value) {
    recentAlerted <<= 1;
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
    if (isThermal() && ScheduleRamp.continues(levels, at, value, value - last, previousStep(), deviation, tol,
        RAMP_MARGIN * tol)) {
      // the schedule's warm-up or cool-down under way (started earlier or later than in the history)
      score = Math.min(score, UNCONFIRMED_SCORE);
    }
    if (score >= 0.7 && isBurstLookAlike(at, value, h.baseline, deviation, tol)) {
      // a burst the history shows, its first reading steep enough to open the hold
      score = UNCONFIRMED_SCORE;
    }
    h.calm = score < 0.7 ? h.calm + 1 : 0;
    if (jumpedBack && h.readings == 1 && h.farOnset && score >= 0.7 && isFarFromRecent(value, deviation, 2)
        && !levels.isUsual(at, value, tol)) {
      // half-way back after a far onset, still at the alert level: the end of a pass alerts on it
      double band = 1.5 * holdTol;
      passEnd = new Detection(1, h.guess(sensor, value, nominalOn), h.baseline - band, h.baseline + band, true);
    }
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

  /**
   * An oven's or heater's step named a spike or drop by the one-step or held-step check is the end of
   * a drift when it came back to the level the sensor had crept away from over the readings before it
   * ({@link DriftEndCheck#creptBackFrom}): a person sees the value return to where it was an hour or
   * more ago, not leave it. Only from a level unusual for the time of day ({@link LevelProfile}): a
   * heater that cooled within its usual levels and then jumped back up to where it was spiked (D1
   * seed 99, {@code heater-restaurant-6cb294}, 2026-01-15 00:53). Named so, and said by where it came
   * back from, as that check says its own. Only the name changes, never the score.
   */
  private Verdict driftEndNamed(Verdict v, Instant at, double value, double readingSeconds) {
    if (driftEnd == null || (v.kind != AnomalyKind.SPIKE && v.kind != AnomalyKind.DROP)) {
      return v;
    }
    double from = driftEnd.creptBackFrom(readingSeconds);
    if (Double.isNaN(from) || (v.kind == AnomalyKind.DROP) != (value < from)
        || levels.isUsual(at, from, leastTolerance())) {
      return v;
    }
    return new Verdict(v.score, AnomalyKind.DRIFT, v.low, v.high, v.residual, v.onset, from, v.detail, v.swing);
  }

  /** Whether a look-alike check explains the open incident as it stands ({@link PluggedCheck.LookAlikeCheck#explainsHold}). */
  private boolean isBurstLookAlike(Instant at, double value, double baseline, double deviation, double tol) {
    if (lookAlikes.length == 0) {
      return false;
    }
    PluggedCheck.Reading r = new PluggedCheck.Reading(at, value, sensor, false, false, null, false, intervalSeconds,
        nominalOn, floor, tol);
    for (PluggedCheck.LookAlikeCheck c : lookAlikes) {
      if (c.explainsHold(r, baseline, deviation)) {
        return true;
      }
    }
    return false;
  }

  /** The change from the reading before the last one to the last one, NaN when it is not remembered. */
  private double previousStep() {
    return recentSize < 2 ? Double.NaN : last - back(2);
  }

  /**
   * Whether a fan speed reading is a stopped rotor while switched on: under a quarter of its running
   * speed once the switch has been on for longer than a spin-up, right after it ran near that speed,
   * or while an incident it opened is still held (a stall soon after switching on stays one).
   */
  private boolean isStalled(Instant at, double value, SwitchState sw) {
    if (!FleetDetector.isFanSpeed(sensor) || sw == null || !sw.on() || nominalCount < 10) {
      return false;
    }
    boolean spunUp = !Duration.between(sw.since(), at).minus(SPIN_UP).isNegative() || last > 0.7 * nominalOn
        || hold != null;
    return spunUp && value < STALLED_FRACTION * nominalOn;
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
    double dt = Millis.between(lastAt, at) / 1000.0;
    return intervalSeconds > 0 && dt > 3.5 * intervalSeconds;
  }

  /**
   * Whether a gap is an ordinary dropout: while scoring, no more readings lost than the sensor's
   * history shows in its usual dropouts ({@link GapProfile#longestUsualRun}, learned; a longer
   * silence, an outage, is not one). The readings before such a gap are still the sensor's recent
   * past: {@link #restart} keeps them, so a rise's shape, a return and an excursion's end are seen
   * across it (D1 seed 99, {@code pm-restaurant-9b37aa}: a dust storm's climb with three readings
   * lost at 04:51 on 2026-01-18 opened as a pollution spike, its climb forgotten). Training
   * restarts at every gap as before, so what is learned does not change.
   */
  private boolean isUsualDropout(Instant at, GapProfile gaps) {
    if (gaps == null || gaps.gaps() < GapProfile.MIN_GAPS || lastAt == null || Double.isNaN(last)
        || !(intervalSeconds > 0)) {
      return false;
    }
    long lost = Math.round(Millis.between(lastAt, at) / 1000.0 / intervalSeconds) - 1;
    return lost <= gaps.longestUsualRun();
  }

  /**
   * Whether the plugged checks' windows may span an {@linkplain #isUsualDropout ordinary dropout}:
   * the reading after it within the noise floor (twice the 90 % one-step residual) of the one
   * before, so the lost readings hid no move of the level. A dropout is the most frequent event of
   * a real feed (a radio, a busy gateway): restarting every window at each one left a fault that
   * began just before it unseen until the windows filled again, by then with the fault's own level
   * as their baseline (D1 seed 2718, {@code pm-warehouse-ecf163}: a calibration error of
   * +10 µg/m³, three readings lost three minutes in). A level that moved across the lost readings
   * (a heater's ramp to a new setpoint hidden by them) still restarts them: the move may have been
   * gradual.
   */
  private boolean isLevelKept(double value) {
    return Math.abs(value - last) <= Math.max(floor, residuals.noiseFloor());
  }

  private void noteInterval(Instant at) {
    if (lastAt == null) {
      return;
    }
    double dt = Millis.between(lastAt, at) / 1000.0;
    if (dt <= 0) {
      return;
    }
    intervalSeconds = intervalSeconds == 0 ? dt : intervalSeconds + (dt - intervalSeconds) * 0.05;
  }

  /**
   * Starts the one-step prediction again after a gap; the remembered readings are forgotten, but
   * for an {@linkplain #isUsualDropout ordinary dropout} ({@code keepRecent}), which they span:
   * the reading after it is then remembered next to them.
   */
  private void restart(Instant at, double value, boolean keepRecent) {
    if (keepRecent) {
      remember(value);
    } else {
      recentSize = 0;
    }
    calmSince = at;
    last = value;
    lastDelta = 0;
    previousDelta = 0;
    lastAt = at;
    hold = null;
    returnLevel = Double.NaN;
    returnLeft = Double.NaN;
  }

  private static double clamp(double s) {
    return s < 0 ? 0 : (s > 1 ? 1 : s);
  }
}
