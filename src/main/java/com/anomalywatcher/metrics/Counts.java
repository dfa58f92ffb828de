package com.anomalywatcher.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
   * printed: {@code 2,146 rows written (7,890 rows/s)}, not {@code (7890 rows/s)}. Under 10 per
   * second it has two significant digits ({@code 0.10}, {@code 4.3}): a quiet MQTT feed of one
   * message in 10 s printed {@code (0/s)}, as if nothing came.
   */
  public static String rate(double perSecond) {
    if (perSecond > 0 && perSecond < 10) {
      String small = new BigDecimal(perSecond).round(TWO_DIGITS).toPlainString();
      if (!small.equals("10")) { // 9.96 rounds up to a whole number
        return small;
      }
    }
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);
}
