package com.anomalywatcher.detect;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Arrays;

/**
 * The returned-pulse check of a particulate-matter sensor: the level jumped in one reading, held
 * there while the background went on underneath, and then fell back within two readings to the
 * level it had left: what a pollution spike or a calibration offset switched on and off does. It
 * judges at the reading that confirms the return (the second one back at the level left), at most
 * two readings after the fault's end, when the checks of held levels stayed quiet: a background
 * still wandering or falling when the fault came gives them no settled level to step from (D1 seed
 * 31's {@code pm-warehouse-811845} on 2026-07-11, {@code ReturnPulseTest}).
 *
 * <p>Noise widths: 1.4826 times the median absolute change between consecutive readings of the
 * {@value #NOISE_READINGS} readings before the jump, or of the held readings, whichever is larger
 * (a background that turns rougher while it holds, or whose readings before changed by a
 * resolution step or two, is measured by its rougher part).
 *
 * <p>The pulse: the reading that jumps is at least {@value #MIN_WIDTHS} noise widths above the
 * median of the {@value #BEFORE} readings before it, which span at most half of that jump; at least
 * {@value #ONE_READING} of it was made in that one reading. It holds while the readings stay between
 * half and {@value #BAND_TOP} times the jump above the level left (one reading out of that band
 * among them, a glitch, is let through), for at least {@value #MIN_HELD} readings. The return: the
 * first reading below half the jump and the next reading both land at the level left: at most half
 * the jump above it and at most {@value #BELOW} jump below it (a background that fell while the
 * pulse held it up, D1 seed 2718's {@code pm-factory-c6c80c} on 2026-08-13: +9.4, back 5.1 below the
 * level left; above, a background that rose has the shape of its own held jumps), and the lower
 * lies at least {@value #FALL} of the jump below the higher of the last two held readings: the fall made in one reading, or in two when the first reading back fell less. A
 * fall made in two readings must start from the held level: the last held reading lies within
 * {@value #FLAT_BEFORE} of the jump of the higher of the two before it (a burst's top that decays
 * has been falling for readings before it falls through half its height; a pollution spike
 * switched off over two readings, D1 seed 99's {@code pm-supermarket-f1e315} on 2026-01-15, had not:
 * {@code TwoReadingReturnTest}).
 *
 * <p>What it is told apart from (measured on the six D1 sets' 14-day histories and test weeks,
 * docs/accuracy-log.md, 2026-12-04, pm). The background's own one-reading jumps that come back (a
 * handful per set and fortnight, 1–3 µg/m³) are 2–5 noise widths of the rougher part (two of 16
 * reached 6.1 and 6.4: the thresholds are chosen, not learned). Cooking bursts
 * whose top ends as sharply hold it 6–11 readings: {@value #MIN_HELD} readings is longer than a
 * burst's top lasts, however piled; the faults this check is for held longer (the shorter ones are
 * plateaus the other checks find). A decaying burst does not fall {@value #FALL} of its height
 * within two readings to the level it left.
 *
 * <p>{@link #dips()} judges ovens and heaters the same way upside down, alerting {@code drop}: a
 * level that fell in one reading, held at least {@value #MIN_HELD} readings while the thermostat
 * went on cycling, and came back (D1 seed 2718's {@code oven-factory-694490} on 2026-08-12: 237.0
 * → 228.2 °C, held 26 readings, back 228.1 → 234.3 → 237.4; {@code ReturnDipTest}). A door's dip
 * is shorter and the oven climbs back over several readings; an idle oven's own held dips of a few
 * tenths of a degree reach 6 noise widths (the 0.1 °C resolution sets the width), so a dip needs
 * {@value #DIP_WIDTHS} (docs/accuracy-log.md, 2026-12-06, fast). A dip whose held readings already
 * scored at the alert level is not judged at its return: the other checks alerted on it, and its
 * return would notify a second time. Nothing learned, nothing saved. Not
 * thread-safe; owned by its {@link AnalogCheck}.
 */
final class ReturnPulseCheck implements PluggedCheck.OwnKindCheck {
  static final double MIN_WIDTHS = 5.5;
  static final double DIP_WIDTHS = 8;
  static final int BEFORE = 5;
  static final int NOISE_READINGS = 21;
  static final double ONE_READING = 0.75;
  static final double BAND_TOP = 3;
  static final int MIN_HELD = 12;
  static final double FALL = 0.7;
  /** How far, in jumps, the last held reading may lie below the two before it when the fall takes two readings. */
  static final double FLAT_BEFORE = 0.25;
  /** How far, in jumps, a reading back may land below the level left (the background fell under the pulse). */
  static final double BELOW = 1;
  /** The score at which a reading alerts, as the checks' findings are scaled. */
  static final double ALERT_LEVEL = 0.7;
  /** Readings kept: the noise window before a jump and the longest hold judged. */
  static final int KEPT = 64;

  /** +1: a pulse up (particulate); -1: a dip down (ovens and heaters), judged on the negated readings. */
  private final int sign;
  private final AnomalyKind kind;
  /** The least jump in noise widths: {@link #MIN_WIDTHS} up, {@link #DIP_WIDTHS} down. */
  private final double minWidths;
  private final double[] ring = new double[KEPT];
  /** Reused per reading by {@link #startPulse}: the readings before it, sorted. */
  private final double[] before = new double[BEFORE];
  private int count;

  /** The pulse being held: its start (reading count), level left, jump, noise width before; NaN jump: none. */
  private int start;
  private double level;
  private double jump = Double.NaN;
  private double widthBefore;
  private boolean glitchUsed;
  /** Whether a reading of the pulse held scored at the alert level already (another check found it). */
  private boolean foundWhileHeld;
  /** The first reading back below half the jump (count), or -1. */
  private int back = -1;
  /** The higher of the last two held readings before {@link #back}. */
  private double topHeld;

  /** The check of particulate pulses up, alerting {@code pollution_spike}. */
  ReturnPulseCheck() {
    this(1, AnomalyKind.POLLUTION_SPIKE, MIN_WIDTHS);
  }

  private ReturnPulseCheck(int sign, AnomalyKind kind, double minWidths) {
    this.sign = sign;
    this.kind = kind;
    this.minWidths = minWidths;
  }

  /** The check of a thermal level's dips down and back, alerting {@code drop}. */
  static ReturnPulseCheck dips() {
    return new ReturnPulseCheck(-1, AnomalyKind.DROP, DIP_WIDTHS);
  }

  /** Nothing learned, nothing saved. */
  @Override
  public Object state() {
    return null;
  }

  @Override
  public void restart() {
    count = 0;
    jump = Double.NaN;
    back = -1;
  }

  private double at(int index) {
    return ring[Math.floorMod(index, KEPT)];
  }

  @Override
  public Finding judge(PluggedCheck.Reading r, double scoreSoFar, boolean incidentOpen) {
    double x = sign * r.value();
    ring[Math.floorMod(count, KEPT)] = x;
    int n = count++;
    Finding found = null;
    if (!Double.isNaN(jump)) {
      foundWhileHeld |= scoreSoFar >= ALERT_LEVEL;
      found = follow(r, n, x);
    }
    if (Double.isNaN(jump) && n > NOISE_READINGS) {
      startPulse(n, x);
    }
    return found;
  }

  /** Follows the pulse held with reading {@code n}; a finding when {@code n} confirms its return. */
  private Finding follow(PluggedCheck.Reading r, int n, double x) {
    double low = level + jump / 2;
    double high = level + BAND_TOP * jump;
    if (back >= 0) {
      int backAt = back;
      back = -1;
      if (x < low && landsAtLevelLeft(x) && topHeld - Math.min(at(backAt), x) >= FALL * jump) {
        Finding f = returned(r, backAt);
        jump = Double.NaN;
        return f;
      }
      if (x >= low && x <= high && !glitchUsed) {
        glitchUsed = true; // the reading below was a glitch: still held
        return null;
      }
      jump = Double.NaN;
      return null;
    }
    if (n - start >= KEPT - NOISE_READINGS) {
      jump = Double.NaN; // held longer than judged
      return null;
    }
    if (x >= low && x <= high) {
      return null;
    }
    if (x < low) {
      double top = Math.max(at(n - 1), n - 2 > start ? at(n - 2) : at(n - 1));
      if (n - start >= MIN_HELD && landsAtLevelLeft(x) && fallsFromHeld(n, top - x)) {
        back = n;
        topHeld = top;
        return null;
      }
      if (!glitchUsed) {
        glitchUsed = true;
        return null;
      }
      jump = Double.NaN;
      return null;
    }
    if (!glitchUsed) {
      glitchUsed = true;
      return null;
    }
    jump = Double.NaN;
    return null;
  }

  /**
   * Whether a reading back from the pulse lands at the level left: at most half the jump above it
   * (a background that rose under the pulse has the shape of its own held jumps) and at most
   * {@value #BELOW} jumps below it (a background that fell while the pulse held it up).
   */
  private boolean landsAtLevelLeft(double x) {
    return x - level <= jump / 2 && level - x <= BELOW * jump;
  }

  /**
   * Whether a return whose first reading {@code n} fell {@code fall} from the held readings may be
   * completed: at once, or by the next reading when the held readings had not begun to fall.
   */
  private boolean fallsFromHeld(int n, double fall) {
    return fall >= FALL * jump || Math.max(at(n - 2), at(n - 3)) - at(n - 1) <= FLAT_BEFORE * jump;
  }

  /** The pulse returned at reading {@code backAt}, confirmed by the reading after. */
  private Finding returned(PluggedCheck.Reading r, int backAt) {
    if (r.training() || (sign < 0 && foundWhileHeld)) {
      return null; // a dip another check alerted on is not alerted again at its return
    }
    int held = backAt - start;
    double[] steps = new double[held - 2];
    for (int i = start + 1; i < backAt - 1; i++) {
      steps[i - start - 1] = Math.abs(at(i + 1) - at(i));
    }
    double width = Math.max(widthBefore, Robust.MAD_TO_SIGMA * Robust.median(steps));
    double widths = jump / width;
    if (!(widths >= minWidths)) {
      return null;
    }
    double bound = sign * (level + jump / 2);
    return new Finding(Math.min(1, 0.7 * widths / minWidths), kind, sign > 0 ? Double.NaN : bound,
        sign > 0 ? bound : Double.NaN, (sign > 0 ? "a jump of " : "a fall of ")
            + String.format(java.util.Locale.ROOT, "%.1f", jump) + " held " + held + " readings and back to the level left");
  }

  /** Starts a pulse when reading {@code n} ({@code x}) jumps from a settled level. */
  private void startPulse(int n, double x) {
    for (int i = 0; i < BEFORE; i++) {
      before[i] = at(n - BEFORE + i);
    }
    Arrays.sort(before);
    double m = before[BEFORE / 2];
    double d = x - m;
    if (!(d > 0) || x - at(n - 1) < ONE_READING * d || before[BEFORE - 1] - before[0] > d / 2) {
      return;
    }
    double[] steps = new double[NOISE_READINGS - 1];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = Math.abs(at(n - NOISE_READINGS + i + 1) - at(n - NOISE_READINGS + i));
    }
    double w = Robust.MAD_TO_SIGMA * Robust.median(steps);
    if (!(w > 0) || d < minWidths * w) {
      return;
    }
    start = n;
    level = m;
    jump = d;
    widthBefore = w;
    glitchUsed = false;
    foundWhileHeld = false;
    back = -1;
  }
}
