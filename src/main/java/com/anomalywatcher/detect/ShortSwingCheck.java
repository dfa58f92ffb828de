package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;

/**
 * An oven's or heater's oscillation made of single-reading excursions of alternating sign (up,
 * back, down, back, … or up, down, up, …): whatever its period, {@value #EXCURSIONS} excursions in a
 * row, each of the opposite sign to the one before and at most {@value #MAX_APART} readings after
 * it, are an oscillation. An excursion is a reading that lies at least {@value #MIN_TOLERANCES}
 * residual tolerances ({@link PluggedCheck.Reading#tolerance}, the largest one-step residual normal
 * at this time of day) beyond both its neighbours on the same side, the step back undoing at least
 * half the step out (and no more than twice it): a step out and a step back, each larger than the
 * sensor ever moves in one reading.
 *
 * <p>Why a check of its own: the one-step check takes each excursion for a glitch (its return is
 * confirmed by the next reading, so none of them alerts), and {@link SwingCheck} judges a median
 * over {@value SwingCheck#SPAN} readings, which a swing shorter than two of its periods never fills.
 * A glitch is one excursion and a glitch pair two; a door opening drops in one reading but
 * recovers over several (no step back); a warm-up's steps go one way.
 *
 * <p>Learns nothing (the tolerance is the analog check's) and saves nothing: its state is the last
 * two readings and the run of excursions. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class ShortSwingCheck implements PluggedCheck.OwnKindCheck {
  /** Least step into and out of an excursion, in residual tolerances. */
  static final double MIN_TOLERANCES = 3;
  /**
   * Least share of the step out that the step back undoes, and the other way round: a door opening
   * drops in one reading and comes back over several, a step to a new level does not come back.
   */
  static final double MIN_RETURN = 0.5;
  /** Most readings from one excursion of a run to the next (a period of up to twice as many). */
  static final int MAX_APART = 4;
  /** Alternating excursions in a row that are an oscillation. */
  static final int EXCURSIONS = 3;

  /** The reading before the last one, and the last one (NaN after a gap). */
  private double before = Double.NaN;
  private double last = Double.NaN;
  /** Readings since the last excursion of the run; its sign (+1 up, -1 down); the run's length. */
  private int sinceExcursion = Integer.MAX_VALUE / 2;
  private int sign;
  private int run;
  /** The smallest step into or out of an excursion of the run, in tolerances. */
  private double smallest;

  /** Nothing learned, nothing saved. */
  @Override
  public Object state() {
    return null;
  }

  /** Forgets the last readings and the run: an oscillation is judged within one run of readings. */
  @Override
  public void restart() {
    before = Double.NaN;
    last = Double.NaN;
    run = 0;
    sinceExcursion = Integer.MAX_VALUE / 2;
  }

  /**
   * Notes the reading (which tells whether the last one was an excursion) and scores an oscillation
   * while a run of at least {@value #EXCURSIONS} alternating excursions lasts: 0.7 at
   * {@value #MIN_TOLERANCES} tolerances, more for larger swings. Training notes only.
   */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    double value = r.value();
    sinceExcursion++;
    if (!Double.isNaN(before)) {
      noteExcursion(last - before, last - value, r.tolerance());
    }
    if (sinceExcursion > MAX_APART) {
      run = 0;
    }
    before = last;
    last = value;
    if (r.training() || run < EXCURSIONS) {
      return null;
    }
    return new Finding(Math.min(1, 0.7 * (smallest / MIN_TOLERANCES)), AnomalyKind.OSCILLATION, Double.NaN, Double.NaN);
  }

  /** Counts the last reading as an excursion when it stepped out by {@code in} and back by {@code out}. */
  private void noteExcursion(double in, double out, double tolerance) {
    double step = Math.min(Math.abs(in), Math.abs(out)) / tolerance;
    boolean alike = Math.min(Math.abs(in), Math.abs(out)) >= MIN_RETURN * Math.max(Math.abs(in), Math.abs(out));
    if (in * out <= 0 || !(step >= MIN_TOLERANCES) || !alike) {
      return;
    }
    int s = in > 0 ? 1 : -1;
    // the last reading was the excursion: one reading ago
    boolean continues = run > 0 && s == -sign && sinceExcursion - 1 <= MAX_APART;
    run = continues ? run + 1 : 1;
    smallest = continues ? Math.min(smallest, step) : step;
    sign = s;
    sinceExcursion = 1;
  }
}
