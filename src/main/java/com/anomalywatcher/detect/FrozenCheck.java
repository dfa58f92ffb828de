package com.anomalywatcher.detect;

/**
 * A value that stops varying where it normally varies: the same reading repeated more often in a
 * row than the sensor ever did in its history, apart from its two longest such runs (one frozen
 * episode in the history does not teach the check that freezing is normal), and at least
 * {@value #MIN_REPEATS} repeats. A sensor that often repeats (a coarse resolution, a device idling
 * at its floor) learns a longer limit; a value at the bottom of the physical range (a fan that
 * stands still) is never frozen. Not thread-safe; owned by its {@link AnalogCheck}.
 */
final class FrozenCheck {
  static final int MIN_REPEATS = 3;

  /** The three longest runs of repeats seen in training, longest first. */
  private final int[] longest;
  private int repeats;
  private double last = Double.NaN;

  /** Saved form. */
  record State(int[] longest) {
    State {
      if (longest.length != 3) {
        throw new IllegalArgumentException("frozen check keeps 3 runs, got " + longest.length);
      }
      longest = longest.clone();
    }
  }

  FrozenCheck() {
    this(new int[3]);
  }

  private FrozenCheck(int[] longest) {
    this.longest = longest;
  }

  static FrozenCheck restore(State s) {
    return new FrozenCheck(s.longest().clone());
  }

  State state() {
    return new State(longest);
  }

  /** Repeats in a row from which a value counts as frozen. */
  int limit() {
    return Math.max(MIN_REPEATS, longest[2] + 2);
  }

  /** Notes the reading (training learns how long runs of repeats get); returns whether it is frozen now. */
  boolean observe(double value, boolean training, double floor) {
    boolean same = value == last;
    if (!same && training && repeats > 0) {
      noteRun(repeats);
    }
    repeats = same ? repeats + 1 : 0;
    last = value;
    return !training && value > floor && repeats >= limit();
  }

  /** Readings in a row equal to the one before. */
  int repeats() {
    return repeats;
  }

  private void noteRun(int run) {
    for (int i = 0; i < longest.length; i++) {
      if (run > longest[i]) {
        System.arraycopy(longest, i, longest, i + 1, longest.length - i - 1);
        longest[i] = run;
        return;
      }
    }
  }
}
