package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Slow restlessness of a running fan (a worn bearing): the median, over the last {@value #SPAN}
 * readings of steady running (switch on for longer than a spin-up, the fan not stalled), of {@link RoughnessCheck}'s
 * step statistic, against the {@value #NORMAL_QUANTILE} quantile of the same median learned while
 * running steady in training. Alerts at {@value #RATIO} times that for {@value #READINGS} readings,
 * while the restlessness is still there now: the median of the last {@value #NOW_SPAN} statistics
 * at least half as far above normal, and at least half the {@value #SPAN}-reading median. A worn
 * bearing stays restless for hours, about as restless in its latest steps as over the span; a
 * vibration that ended a few readings ago (sudden, and alerted by {@link RoughnessCheck}) leaves the
 * {@value #SPAN}-reading median high for up to half of {@value #SPAN} readings, tens of times what the
 * latest steps show, even where those are a little restless (a sag after it).
 *
 * <p>{@link RoughnessCheck} compares each short median with the largest one normal at the time of
 * day; where a fan starts every day, the settling after its spin-up sets that largest one several
 * times higher than steady running's jitter, so a wear that doubles or triples the jitter stays
 * under it. A median over {@value #SPAN} steady readings ignores a few unsettled steps, and a second
 * speed or a speed change (steps that do not turn) barely moves it. Not thread-safe; owned by its
 * {@link AnalogCheck}.
 */
final class WearCheck implements PluggedCheck.OwnKindCheck {
  static final int SPAN = 20;
  static final double NORMAL_QUANTILE = 0.9;
  static final double RATIO = 4.0;
  static final int READINGS = 3;
  /**
   * The latest statistics that must still be restless: their median at least {@value #RATIO} / 2
   * times normal, and at least half the {@value #SPAN}-reading median.
   */
  static final int NOW_SPAN = 5;
  /** Steady medians training must have seen before the check judges. */
  static final int MIN_LEARNED = 1000;

  private final ToleranceProfile medians;
  /** The smallest non-zero step statistic seen in training: the reading's resolution, least normal median. */
  private double resolution;
  private final double[] recent = new double[SPAN];
  private int size;
  private int head;
  private int above;
  /** Its own copy of the roughness check's step statistic. */
  private final RoughnessCheck.Steps steps = new RoughnessCheck.Steps();

  WearCheck(DayClock clock) {
    this(new ToleranceProfile(clock), 0);
  }

  private WearCheck(ToleranceProfile medians, double resolution) {
    this.medians = medians;
    this.resolution = resolution;
  }

  /** Saved form. */
  record State(ToleranceProfile.State medians, double resolution) {}

  /** Restores a saved check, sharing arrays alike with the other checks of its detector. */
  static WearCheck restore(DayClock clock, State s, SharedArrays shared) {
    return new WearCheck(ToleranceProfile.restore(clock, s.medians(), shared), s.resolution());
  }

  @Override
  public State state() {
    return new State(medians.state(), resolution);
  }

  /** Forgets the recent steps (after a gap): the statistic fills again, and the median with it. */
  @Override
  public void restart() {
    steps.restart();
  }

  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    steps.add(r.value());
    // the statistic only matters while running steady (any other reading resets the median); a stalled
    // rotor's jitter and its run-up when it frees are no bearing's roughness (D1 8181 fan-restaurant-94806d)
    boolean running = r.steadyOn() && !(r.value() < AnalogCheck.STALLED_FRACTION * r.nominalOn());
    double ratio = observe(r.at(), running ? steps.statistic() : Double.NaN, running, r.training());
    return worn() ? new Finding(Math.min(1, 0.7 * ratio / RATIO), AnomalyKind.BEARING_WEAR, Double.NaN, Double.NaN,
        String.format(Locale.ROOT, "its speed %.1f times as rough as usual while running steady", ratio))
        : null;
  }

  /**
   * Notes a reading's step statistic ({@code NaN} while the roughness window fills, e.g. after a
   * gap); returns the recent median relative to the normal one, 0 while not running steady, filling
   * or not yet learned.
   */
  double observe(Instant at, double step, boolean steadyOn, boolean training) {
    if (!steadyOn || Double.isNaN(step)) {
      size = 0;
      above = 0;
      return 0;
    }
    if (training && step > 0 && (resolution == 0 || step < resolution)) {
      resolution = step;
    }
    recent[head] = step;
    head = (head + 1) % SPAN;
    size = Math.min(size + 1, SPAN);
    if (size < SPAN) {
      return 0;
    }
    double[] s = recent.clone();
    Arrays.sort(s);
    double median = (s[SPAN / 2 - 1] + s[SPAN / 2]) / 2;
    if (training) {
      medians.learn(at, median);
      return 0;
    }
    if (medians.count() < MIN_LEARNED || resolution == 0) {
      return 0;
    }
    double normal = Math.max(resolution, medians.quantile(NORMAL_QUANTILE));
    double ratio = median / normal;
    double latest = latestMedian();
    boolean stillRestless = latest >= RATIO / 2 * normal && latest >= median / 2;
    above = ratio >= RATIO && stillRestless ? above + 1 : 0;
    return ratio;
  }

  /** The median of the last {@value #NOW_SPAN} statistics (the window is full). */
  private double latestMedian() {
    double[] s = new double[NOW_SPAN];
    for (int i = 0; i < NOW_SPAN; i++) {
      s[i] = recent[Math.floorMod(head - 1 - i, SPAN)];
    }
    Arrays.sort(s);
    return s[NOW_SPAN / 2];
  }

  /** Whether the last {@value #READINGS} ratios all reached {@value #RATIO}. */
  boolean worn() {
    return above >= READINGS;
  }
}
