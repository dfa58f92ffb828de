package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;

/**
 * A fan switched off and come to rest (it read the bottom of its range since the switch went off)
 * that reads above it again for {@value #CONFIRM} readings in a row while still switched off: a
 * rotor turning with no power behind it, or a tachometer no longer reading the rotor. Judged only
 * for a fan that rests at the bottom of its range: at most {@value #MAX_ABOVE_SHARE} of its rest
 * readings in training above it (glitches, the odd episode); a tachometer that jitters at rest
 * never learns the rule. One reading above never alerts (a glitch).
 *
 * <p>The same holds while it coasts: a rotor with no power behind it only slows down, so once its
 * speed has fallen below {@value #COASTING} of the first reading after the switch went off, a
 * reading above the lowest since then, {@value #CONFIRM} readings in a row, is a rotor driven
 * again (D1 seed 2718's {@code fan-warehouse-41bdab} on 2026-08-12, 8 rpm and then 20.6, 18.6,
 * 17.6 while switched off). Judged only for a fan whose coasting in training never rose so (at most
 * {@value #MAX_ABOVE_SHARE} of its coasting readings above the lowest before them); a tachometer
 * that jitters while the rotor slows never learns it. Not thread-safe; owned by its {@link
 * AnalogCheck}.
 */
final class FanRest implements PluggedCheck.OwnKindCheck {
  static final int CONFIRM = 2;
  static final double MAX_ABOVE_SHARE = 0.01;
  /** Rest readings in training before the rule judges. */
  static final long MIN_REST_READINGS = 1000;
  /** The share of its speed at the switch off below which a rotor is coasting, well into its spin-down. */
  static final double COASTING = 0.5;
  /** Coasting readings in training before the coasting rule judges (a few dozen switch offs). */
  static final long MIN_COAST_READINGS = 100;

  private long restReadings;
  private long restAbove;
  private long coastReadings;
  private long coastAbove;
  private boolean rested;
  private int awake;
  /** The first reading after the switch went off, and the lowest since; NaN while switched on. */
  private double offSpeed = Double.NaN;
  private double lowest = Double.NaN;
  private boolean coasting;

  /**
   * Saved form: the training's rest readings, and how many of them read above the bottom of the
   * range; its coasting readings and how many read above the lowest before them (null in a model
   * saved before they were counted: the coasting rule does not judge).
   */
  record State(long restReadings, long restAbove, Long coastReadings, Long coastAbove) {}

  FanRest() {}

  static FanRest restore(State s) {
    FanRest r = new FanRest();
    r.restReadings = s.restReadings();
    r.restAbove = s.restAbove();
    r.coastReadings = s.coastReadings() == null ? 0 : s.coastReadings();
    r.coastAbove = s.coastAbove() == null ? 0 : s.coastAbove();
    return r;
  }

  @Override
  public State state() {
    return new State(restReadings, restAbove, coastReadings, coastAbove);
  }

  /**
   * Notes a reading with the switch state ({@link FleetDetector#UNKNOWN_SWITCH} or null: unknown);
   * returns how many readings in a row the fan at rest has read above {@code bottom}.
   */
  /**
   * A fan at rest while switched off that reads above the bottom of its range again: from its
   * {@value #CONFIRM}nd reading on, a spike, however slowly the rotor turns. It reads above where it
   * should be and nothing was meant to run: calling a creeping rotor a stall ("12 rpm, expected 0
   * rpm — stall") contradicted the alert's own numbers and sent a technician to look for a fan that
   * would not run (D1, ten sets: 24 of its 35 alerts detected a labelled spike or overspeed).
   */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double bottom = r.sensor().physicalMin();
    int awake = observe(r.value(), r.fanSwitch(), bottom, r.training());
    if (r.training() || awake == 0 || !(coasting ? coastsDown() : restsAtBottom())) {
      return null;
    }
    double score = awake >= CONFIRM ? 1 : AnalogCheck.UNCONFIRMED_SCORE;
    return new Finding(score, AnomalyKind.SPIKE, bottom, bottom);
  }

  int observe(double value, SwitchState sw, double bottom, boolean training) {
    if (sw == null || sw == FleetDetector.UNKNOWN_SWITCH || sw.on()) {
      rested = false;
      awake = 0;
      offSpeed = Double.NaN;
      coasting = false;
      return 0;
    }
    if (!rested) {
      rested = value <= bottom;
      if (rested) {
        awake = 0;
        coasting = false;
        return 0;
      }
      return coast(value, training);
    }
    coasting = false;
    boolean above = value > bottom;
    if (training) {
      restReadings++;
      restAbove += above ? 1 : 0;
    }
    awake = above ? awake + 1 : 0;
    return awake;
  }

  /** A switched-off fan not yet at rest: how many readings in a row it has read above its lowest while coasting. */
  private int coast(double value, boolean training) {
    if (Double.isNaN(offSpeed)) {
      offSpeed = value;
      lowest = value;
      awake = 0;
      return 0;
    }
    coasting = lowest < COASTING * offSpeed;
    boolean above = value > lowest;
    if (coasting && training) {
      coastReadings++;
      coastAbove += above ? 1 : 0;
    }
    lowest = Math.min(lowest, value);
    awake = coasting && above ? awake + 1 : 0;
    return awake;
  }

  /** Whether the fan rests at the bottom of its range (the rule judges). */
  boolean restsAtBottom() {
    return restReadings >= MIN_REST_READINGS && restAbove <= MAX_ABOVE_SHARE * restReadings;
  }

  /** Whether the fan's coasting in training only ever slowed down (the coasting rule judges). */
  boolean coastsDown() {
    return coastReadings >= MIN_COAST_READINGS && coastAbove <= MAX_ABOVE_SHARE * coastReadings;
  }
}
