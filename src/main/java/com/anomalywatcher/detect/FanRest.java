package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;

/**
 * A fan switched off and come to rest (it read the bottom of its range since the switch went off)
 * that reads above it again for {@value #CONFIRM} readings in a row while still switched off: a
 * rotor turning with no power behind it, or a tachometer no longer reading the rotor. Judged only
 * for a fan that rests at the bottom of its range: at most {@value #MAX_ABOVE_SHARE} of its rest
 * readings in training above it (glitches, the odd episode); a tachometer that jitters at rest
 * never learns the rule. One reading above never alerts (a glitch). Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class FanRest implements PluggedCheck.OwnKindCheck {
  static final int CONFIRM = 2;
  static final double MAX_ABOVE_SHARE = 0.01;
  /** Rest readings in training before the rule judges. */
  static final long MIN_REST_READINGS = 1000;

  private long restReadings;
  private long restAbove;
  private boolean rested;
  private int awake;

  /** Saved form: the training's rest readings, and how many of them read above the bottom of the range. */
  record State(long restReadings, long restAbove) {}

  FanRest() {}

  static FanRest restore(State s) {
    FanRest r = new FanRest();
    r.restReadings = s.restReadings();
    r.restAbove = s.restAbove();
    return r;
  }

  @Override
  public State state() {
    return new State(restReadings, restAbove);
  }

  /**
   * Notes a reading with the switch state ({@link FleetDetector#UNKNOWN_SWITCH} or null: unknown);
   * returns how many readings in a row the fan at rest has read above {@code bottom}.
   */
  /**
   * A fan at rest while switched off that reads above the bottom of its range again: from its
   * {@value #CONFIRM}nd reading on, a creeping rotor (under a quarter of its nominal speed) is a
   * stall, a faster one a spike.
   */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double bottom = r.sensor().physicalMin();
    int awake = observe(r.value(), r.fanSwitch(), bottom, r.training());
    if (r.training() || awake == 0 || !restsAtBottom()) {
      return null;
    }
    double score = awake >= CONFIRM ? 1 : AnalogCheck.UNCONFIRMED_SCORE;
    AnomalyKind kind = r.value() < 0.25 * r.nominalOn() ? AnomalyKind.STALL : AnomalyKind.SPIKE;
    return new Finding(score, kind, bottom, bottom);
  }

  int observe(double value, SwitchState sw, double bottom, boolean training) {
    if (sw == null || sw == FleetDetector.UNKNOWN_SWITCH || sw.on()) {
      rested = false;
      awake = 0;
      return 0;
    }
    if (!rested) {
      rested = value <= bottom;
      return 0;
    }
    boolean above = value > bottom;
    if (training) {
      restReadings++;
      restAbove += above ? 1 : 0;
    }
    awake = above ? awake + 1 : 0;
    return awake;
  }

  /** Whether the fan rests at the bottom of its range (the rule judges). */
  boolean restsAtBottom() {
    return restReadings >= MIN_REST_READINGS && restAbove <= MAX_ABOVE_SHARE * restReadings;
  }
}
