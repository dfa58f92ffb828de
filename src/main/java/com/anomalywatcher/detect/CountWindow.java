package com.anomalywatcher.detect;

/**
 * A restored histogram as a restored detector reads it: the counts from its first to its last
 * non-zero bin as ints, every bin outside that window zero. A trained profile's residuals fill a
 * few dozen of its bins (the rest are zero), so this holds a fifth of the {@code long} per bin it
 * was learned in, and gives back exactly those counts. Immutable.
 */
final class CountWindow {
  private static final int[] NONE = new int[0];

  private final int first;
  private final int[] counts;

  private CountWindow(int first, int[] counts) {
    this.first = first;
    this.counts = counts;
  }

  /** The counts of {@code bins}, or null when a count is negative or over {@link Integer#MAX_VALUE}. */
  static CountWindow of(long[] bins) {
    int lo = 0;
    while (lo < bins.length && bins[lo] == 0) {
      lo++;
    }
    int hi = bins.length;
    while (hi > lo && bins[hi - 1] == 0) {
      hi--;
    }
    int[] counts = hi == lo ? NONE : new int[hi - lo];
    for (int i = lo; i < hi; i++) {
      if (bins[i] < 0 || bins[i] > Integer.MAX_VALUE) {
        return null;
      }
      counts[i - lo] = (int) bins[i];
    }
    return new CountWindow(lo, counts);
  }

  /** The count of bin {@code i}. */
  long get(int i) {
    int k = i - first;
    return k >= 0 && k < counts.length ? counts[k] : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountWindow w && w.first == first && java.util.Arrays.equals(w.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * first + java.util.Arrays.hashCode(counts);
  }

  /** The counts of bins 0 to {@code bins - 1}, as they were learned. */
  long[] toLongs(int bins) {
    long[] out = new long[bins];
    for (int k = 0; k < counts.length; k++) {
      out[first + k] = counts[k];
    }
    return out;
  }
}
