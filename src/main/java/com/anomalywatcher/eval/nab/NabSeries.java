package com.anomalywatcher.eval.nab;

import java.util.Arrays;
import java.util.Objects;

/**
 * One NAB time series: its path relative to the corpus folder ({@code category/name.csv}, always
 * with {@code /}), the row timestamps as written in the CSV, and one number per row (the reading,
 * or a detector's anomaly score).
 */
public record NabSeries(String relativePath, String[] timestamps, double[] values) {
  public NabSeries {
    Objects.requireNonNull(relativePath, "relativePath");
    timestamps = timestamps.clone();
    values = values.clone();
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException(
          relativePath + ": " + timestamps.length + " timestamps but " + values.length + " values");
    }
  }

  /** Number of rows. */
  public int size() {
    return values.length;
  }

  /** The category folder ({@code realKnownCause}), or empty for a file at the corpus root. */
  public String category() {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash);
  }

  @Override
  public String[] timestamps() {
    return timestamps.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** Row {@code i}'s timestamp without copying the array. */
  public String timestamp(int i) {
    return timestamps[i];
  }

  /** Row {@code i}'s value without copying the array. */
  public double value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NabSeries s
        && s.relativePath.equals(relativePath)
        && Arrays.equals(s.timestamps, timestamps)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return relativePath.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "NabSeries[" + relativePath + ", " + values.length + " rows]";
  }
}
