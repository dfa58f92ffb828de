package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
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
}
