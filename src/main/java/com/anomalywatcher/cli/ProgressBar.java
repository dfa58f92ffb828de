package com.anomalywatcher.cli;

import com.anomalywatcher.monitor.TimeProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * A one-line progress bar redrawn in place; prints nothing unless enabled (on a terminal, so
 * piped output and logs stay clean). Owned by the thread that calls {@link #update}.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final boolean enabled;
  private final long total;
  private int lastPercent = -1;

  ProgressBar(PrintWriter out, boolean enabled, long total) {
    this.out = out;
    this.enabled = enabled;
    this.total = Math.max(1, total);
  }

  /** A bar on {@code out} that shows only when the program runs on a terminal. */
  static ProgressBar onTerminal(PrintWriter out, long total) {
    return new ProgressBar(out, System.console() != null, total);
  }

  /**
   * A bar over a time range, for {@link TimeProgress}: the label says how far in the range the work
   * is. Its total is per mille of the range.
   */
  static TimeProgress overTime(ProgressBar bar, String what) {
    long started = System.nanoTime();
    return new TimeProgress() {
      @Override
      public void reached(Instant upTo, Instant from, Instant to) {
        bar.update(perMille(upTo, from, to), what + " up to " + upTo.truncatedTo(ChronoUnit.SECONDS));
      }

      @Override
      public void reached(Instant upTo, Instant from, Instant to, long readings) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        bar.update(perMille(upTo, from, to), () -> String.format(Locale.ROOT, "%s up to %s, %,d readings, %,.0f readings/s",
            what, upTo.truncatedTo(ChronoUnit.SECONDS), readings, readings / seconds));
      }
    };
  }

  private static long perMille(Instant upTo, Instant from, Instant to) {
    long span = Math.max(1, Duration.between(from, to).toMillis());
    long done = Math.min(span, Math.max(0, Duration.between(from, upTo).toMillis()));
    return done * 1000 / span;
  }

  /** Shows {@code done} of the total; redraws only when the whole percent changes. */
  void update(long done, String label) {
    update(done, () -> label);
  }

  /**
   * As {@link #update(long, String)}, the label made only when the bar redraws: a caller that
   * reports every step (sample: every tick of its fleet) formats nothing off a terminal and at
   * most once per percent on one.
   */
  void update(long done, Supplier<String> label) {
    if (!enabled) {
      return;
    }
    int percent = (int) Math.min(100, done * 100 / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + label.get() + "\033[K");
    out.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (enabled && lastPercent >= 0) {
      out.println();
      out.flush();
    }
  }
}
