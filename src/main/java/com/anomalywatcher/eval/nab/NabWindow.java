package com.anomalywatcher.eval.nab;

import java.util.Objects;

/**
 * One labelled anomaly window of a NAB file: first and last row timestamps, both inclusive, in the
 * CSV's {@code YYYY-MM-DD HH:MM:SS} form.
 */
public record NabWindow(String start, String end) {
  public NabWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.compareTo(end) > 0) {
      throw new IllegalArgumentException("window start must not be after its end, got " + start + " > " + end);
    }
  }

  /** Parses NAB's window timestamp form, dropping the {@code .000000} fraction the CSVs lack. */
  static NabWindow ofLabels(String start, String end) {
    return new NabWindow(trimFraction(start), trimFraction(end));
  }

  private static String trimFraction(String timestamp) {
    int dot = timestamp.indexOf('.');
    return dot < 0 ? timestamp.strip() : timestamp.substring(0, dot).strip();
  }
}
