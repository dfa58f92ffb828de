package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aTimeRangeBarShowsHowFarTheWorkIsAndEndsItsLine() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text, true), true, 1000);

    ProgressBar.overTime(bar, "learned").reached(FROM.plusSeconds(6 * 3600), FROM, FROM.plusSeconds(24 * 3600));
    bar.finish();

    assertThat(text.toString()).contains("25% learned up to 2026-01-01T06:00:00Z").endsWith(System.lineSeparator());
  }

  @Test
  void offATerminalItPrintsNothing() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text, true), false, 10);

    bar.update(5, "half");
    bar.finish();

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void makesALabelOnlyToDrawIt() {
    AtomicInteger onTerminal = new AtomicInteger();
    AtomicInteger offTerminal = new AtomicInteger();
    StringWriter text = new StringWriter();
    ProgressBar shown = new ProgressBar(new PrintWriter(text, true), true, 10_000);
    ProgressBar hidden = new ProgressBar(new PrintWriter(new StringWriter(), true), false, 10_000);

    for (long done = 1; done <= 10_000; done++) {
      long d = done;
      shown.update(done, () -> onTerminal.incrementAndGet() + " at " + d);
      hidden.update(done, () -> offTerminal.incrementAndGet() + " at " + d);
    }

    assertThat(onTerminal).hasValue(101);
    assertThat(offTerminal).hasValue(0);
    assertThat(text.toString()).contains("] 0% 1 at 1\033[K").contains("] 100% 101 at 10000\033[K");
  }
}
