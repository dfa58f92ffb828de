package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Arrays;

/**
 * A running fan held above the band it runs in at its usual setting: an overspeed too gradual or too
 * small for the one-step and held-step checks, yet held. From the training history (readings while
 * the switch has been on for longer than a spin-up) it learns the fan's held levels, each the median
 * of {@value #READINGS_PER_LEVEL} readings in a row: the setting it runs in most (the band: the median
 * of the levels within {@value #MAIN_WIDTHS} widths of the overall median, and their width: their
 * central 95 % over 3.92, at least the readings' own noise, 1.4826 MADs around their level's median),
 * and its smallest change of setting (the nearest level beyond those around which at least {@value
 * #SETTING_SHARE} of all levels lie within {@value #WIDTHS} widths: a setting the fan is run at,
 * which an unnoticed fault or a transition between settings never fills).
 *
 * <p>Live, it alerts when {@value #HELD_LEVELS} consecutive levels all lie more than {@value #WIDTHS}
 * widths above the band and below halfway to the smallest change of setting (a switch to a second
 * speed is a change of setting, not an overspeed). Only the usual setting is judged: the other
 * settings' levels vary from one switch to the next (D1: a second speed at 1.16 and at 1.22 of the
 * usual one on the same fan in one week), so a band learned from a few of them is no band. A fan that
 * never changed setting in training is not judged (how far its deliberate changes go is unknown).
 *
 * <p>One fault, one alert: a rise that another check already scored at the alert level opens nothing
 * here (the monitor's alert of it may have resolved while the rise went on, and a second one would
 * notify the same fault again). An incident held below the alert level is no alert: it does not
 * silence the check. A fresh check, and a model saved before the check existed, judge nothing until
 * trained. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class FanBandCheck implements PluggedCheck.OwnKindCheck {
  static final int READINGS_PER_LEVEL = 5;
  static final int HELD_LEVELS = 3;
  /** How many widths above its band a held level is an overspeed. */
  static final double WIDTHS = 3;
  /** Levels within this many widths of the overall median make the usual setting's band. */
  static final double MAIN_WIDTHS = 6;
  /** The share of the levels held around another level that makes it a setting of the fan. */
  static final double SETTING_SHARE = 0.005;
  /** Levels learned before the check judges (a few days of running). */
  static final int MIN_LEVELS = 500;
  /** A reading scored at least this is alerted (as {@link AnalogCheck} counts its {@code sinceAlert}). */
  static final double ALERTED = 0.7;
  /** The share of a band's levels left out at each end when its width is measured. */
  private static final double TAIL = 0.025;
  /** The central 95 % of normal noise spans 3.92 standard deviations. */
  private static final double CENTRAL_95_WIDTHS = 3.92;
  private static final int WINDOW = READINGS_PER_LEVEL * HELD_LEVELS;

  /** Training's levels and each level's readings' own spread (MAD), in order; null once restored. */
  private float[] levels = new float[64];
  private float[] spreads = new float[64];
  private int learned;
  private State band;

  /** The last {@value #WINDOW} steady readings, the newest at {@code (head - 1)}. */
  private final double[] recent = new double[WINDOW];
  private int head;
  private int steady;
  /** Scratch for one level's readings, reused so judging a reading allocates nothing. */
  private final double[] block = new double[READINGS_PER_LEVEL];
  /** Readings in a row whose level (median of the last five) lies above the band. */
  private int above;
  private int sinceFlagged = Integer.MAX_VALUE / 2;
  private boolean alerting;

  /**
   * Saved form: how many levels it learned from, the usual setting's level and width, and the
   * smallest change of setting (0: none seen), in the sensor's unit.
   */
  record State(int levels, double level, double width, double settingChange) {
    State {
      if (levels < 0 || !(width >= 0) || !(settingChange >= 0)) {
        throw new IllegalArgumentException("fan band needs levels >= 0, width >= 0 and settingChange >= 0, got "
            + levels + ", " + width + " and " + settingChange);
      }
    }
  }

  FanBandCheck() {}

  static FanBandCheck restore(State s) {
    FanBandCheck c = new FanBandCheck();
    c.levels = null;
    c.spreads = null;
    c.band = s;
    return c;
  }

  @Override
  public State state() {
    return band();
  }

  @Override
  public void restart() {
    steady = 0;
    above = 0;
    alerting = false;
  }

  /**
   * A running fan held above its usual band, below halfway to its next setting: from the third level
   * held so, an overspeed (score 1), for as long as it holds.
   */
  @Override
  public Finding judge(Reading r, double scoreSoFar, boolean incidentOpen) {
    sinceFlagged = scoreSoFar >= ALERTED ? 0 : sinceFlagged + 1;
    if (!r.steadyOn()) {
      restart();
      return null;
    }
    recent[head] = r.value();
    head = (head + 1) % WINDOW;
    steady++;
    if (r.training()) {
      if (levels != null && steady % READINGS_PER_LEVEL == 0) {
        learn(level(0));
      }
      return null;
    }
    State b = band();
    if (b.levels() < MIN_LEVELS || b.settingChange() == 0 || steady < READINGS_PER_LEVEL) {
      return null;
    }
    double top = b.level() + WIDTHS * b.width();
    above = level(0) > top ? above + 1 : 0;
    boolean held = steady >= WINDOW && isHeld(top, b.level() + b.settingChange() / 2);
    // the rise reaches back to the first reading of its first level above the band
    boolean reported = sinceFlagged < above + READINGS_PER_LEVEL - 1;
    alerting = held && (alerting || !reported);
    if (!alerting) {
      return null;
    }
    return new Finding(1, AnomalyKind.OVERSPEED, b.level() - WIDTHS * b.width(), top);
  }

  private boolean isHeld(double top, double halfway) {
    for (int k = 0; k < HELD_LEVELS; k++) {
      double l = level(k * READINGS_PER_LEVEL);
      if (!(l > top && l < halfway)) {
        return false;
      }
    }
    return true;
  }

  /** The median of the {@value #READINGS_PER_LEVEL} readings ending {@code back} readings before the newest. */
  private double level(int back) {
    for (int k = 0; k < READINGS_PER_LEVEL; k++) {
      block[k] = recent[Math.floorMod(head - 1 - back - k, WINDOW)];
    }
    Arrays.sort(block);
    return block[READINGS_PER_LEVEL / 2];
  }

  private void learn(double level) {
    if (learned == levels.length) {
      levels = Arrays.copyOf(levels, 2 * learned);
      spreads = Arrays.copyOf(spreads, 2 * learned);
    }
    double[] deviations = new double[READINGS_PER_LEVEL];
    for (int k = 0; k < READINGS_PER_LEVEL; k++) {
      deviations[k] = Math.abs(recent[Math.floorMod(head - 1 - k, WINDOW)] - level);
    }
    levels[learned] = (float) level;
    spreads[learned] = (float) Robust.median(deviations);
    learned++;
    band = null;
  }

  /** The band learned so far (computed once after the last level learned). */
  private State band() {
    if (band == null) {
      band = learnBand(toDoubles(levels, learned), toDoubles(spreads, learned));
    }
    return band;
  }

  /**
   * The usual setting's band and the smallest change of setting of these levels, with each level's
   * readings' spread (the least width: the readings' own noise).
   */
  static State learnBand(double[] levels, double[] spreads) {
    int n = levels.length;
    if (n == 0) {
      return new State(0, 0, 0, 0);
    }
    Arrays.sort(levels);
    double noise = Robust.MAD_TO_SIGMA * Robust.median(spreads);
    double overall = Robust.median(levels);
    double overallWidth = Math.max(noise, Robust.MAD_TO_SIGMA * mad(levels, 0, n, overall));
    int from = lowerBound(levels, overall - MAIN_WIDTHS * overallWidth);
    int to = upperBound(levels, overall + MAIN_WIDTHS * overallWidth);
    double level = Robust.median(Arrays.copyOfRange(levels, from, to));
    // the central 95 % of the band over that of normal noise: a fan's readings are whole rpm, its
    // levels too, and a MAD of 2 or 3 rpm says little of how far the band's held levels reach
    double width = Math.max(noise,
        (quantile(levels, from, to, 1 - TAIL) - quantile(levels, from, to, TAIL)) / CENTRAL_95_WIDTHS);
    double change = Double.POSITIVE_INFINITY;
    double near = WIDTHS * overallWidth;
    for (int i = 0; i < n; i++) {
      double l = levels[i];
      boolean held = upperBound(levels, l + near) - lowerBound(levels, l - near) >= SETTING_SHARE * n;
      if ((i < from || i >= to) && held) {
        change = Math.min(change, Math.abs(l - level));
      }
    }
    return new State(n, level, width, Double.isInfinite(change) ? 0 : change);
  }

  /** The median absolute deviation from {@code center} of the sorted values from {@code from} to {@code to}. */
  private static double mad(double[] sorted, int from, int to, double center) {
    double[] d = new double[to - from];
    for (int i = from; i < to; i++) {
      d[i - from] = Math.abs(sorted[i] - center);
    }
    return Robust.median(d);
  }

  /** The {@code p} quantile (interpolated) of the sorted values from {@code from} to {@code to}. */
  private static double quantile(double[] sorted, int from, int to, double p) {
    double at = from + p * (to - from - 1);
    int i = (int) Math.floor(at);
    return i + 1 < to ? sorted[i] + (sorted[i + 1] - sorted[i]) * (at - i) : sorted[i];
  }

  /** The first index of a sorted array whose value is at least {@code x}. */
  private static int lowerBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index of a sorted array whose value is above {@code x}. */
  private static int upperBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] toDoubles(float[] values, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
