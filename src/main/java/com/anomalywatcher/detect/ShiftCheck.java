package com.anomalywatcher.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * A level that moved away from where the sensor just was, and stays there: the median of the last
 * {@value #RECENT} readings against the median of the {@value #BASE} readings before a short
 * {@value #SKIP}-reading gap. The median of three ignores a single glitch; the comparison with
 * the recent past, not the last reading, finds a plateau (a spike or drop that holds) and a step
 * that a ramp-following prediction would take up. How far the level normally moves at each local
 * time of day is learned per sign ({@link ToleranceProfile}, trimmed): deep, frequent benign moves
 * (door openings at busy hours, warm-ups at opening time) set a wide tolerance there, and rare
 * anomalies in the history do not. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class ShiftCheck {
  static final int RECENT = 3;
  static final int SKIP = 5;
  static final int BASE = 20;
  private static final int SPAN = RECENT + SKIP + BASE;

  private final ToleranceProfile shifts;
  private final double[] window = new double[SPAN];
  private int size;
  private int head;

  ShiftCheck(ToleranceProfile shifts) {
    this.shifts = shifts;
  }

  ToleranceProfile.State state() {
    return shifts.state();
  }

  /** Forgets the recent readings (after a gap the level before it is no baseline). */
  void restart() {
    size = 0;
  }

  /**
   * Notes the reading; returns the level's shift from its baseline (NaN while the window fills),
   * learned as normal in training.
   */
  double observe(Instant at, double value, boolean training) {
    window[head] = value;
    head = (head + 1) % SPAN;
    size = Math.min(size + 1, SPAN);
    if (size < SPAN) {
      return Double.NaN;
    }
    double shift = median(0, RECENT) - median(RECENT + SKIP, SPAN);
    if (training) {
      shifts.learn(at, shift);
    }
    return shift;
  }

  /**
   * The shift relative to what is normal at this time for its sign (1 = the largest normal one),
   * over {@code neighbours} slots on either side.
   */
  double ratio(Instant at, double shift, double floor, int neighbours) {
    if (Double.isNaN(shift) || shifts.count() < 1000) {
      return 0;
    }
    return Math.abs(shift) / Math.max(floor, shifts.slotTolerance(at, shift, neighbours));
  }

  /** The baseline level the shift is measured from. */
  double baseline() {
    return size < SPAN ? Double.NaN : median(RECENT + SKIP, SPAN);
  }

  /** Median of the readings {@code from} to {@code to} (exclusive) back from the newest. */
  private double median(int from, int to) {
    double[] v = new double[to - from];
    for (int i = from; i < to; i++) {
      v[i - from] = window[Math.floorMod(head - 1 - i, SPAN)];
    }
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
