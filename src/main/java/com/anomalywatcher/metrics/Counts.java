package com.anomalywatcher.metrics;

import java.util.Locale;

/**
 * The program's counts and rates as people read them, beside {@link AwMetrics} which publishes the
 * same counts for Prometheus: digit grouping ({@code 12,345}) and a noun that agrees with its count.
 * The one copy that the commands ({@code cli}) and the summary lines of {@code ingest} both print.
 */
public final class Counts {
  private Counts() {}

  /** {@code 1 anomaly episode}, {@code 3 anomaly episodes}: the noun agrees with the count. */
  public static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  /** {@code 1 anomaly}, {@code 2 anomalies}, with digit grouping ({@code 12,345}). */
  public static String count(long n, String singular, String plural) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? singular : plural);
  }

  /**
   * A rate as a whole number with digit grouping ({@code 7,890}), as the counts beside it are
   * printed: {@code 2,146 rows written (7,890 rows/s)}, not {@code (7890 rows/s)}.
   */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }
}
