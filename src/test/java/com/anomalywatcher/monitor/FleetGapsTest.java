package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetGapsTest {
  private static final Instant T0 = Instant.parse("2026-03-28T10:00:00Z");

  private static Instant seconds(long s) {
    return T0.plusSeconds(s);
  }

  @Test
  void aSensorWhoseSilenceSpansAPauseOfTheFleetCountsFromItsReturn() {
    FleetGaps gaps = new FleetGaps();
    for (long s = 0; s <= 600; s += 60) {
      gaps.note(seconds(s), 60_000);
    }
    for (long s = 4200; s <= 4800; s += 60) { // the feed was down for an hour
      gaps.note(seconds(s), 60_000);
    }
    // last reading at 600 s, the next due at 660 s, offline by its own count at 900 s
    assertThat(gaps.returnOver(seconds(600), seconds(660), seconds(900))).isEqualTo(seconds(4200));
  }

  @Test
  void theTicksOfAFleetReportingAtOnceAreNoPause() {
    // every sensor that still reports does so at one instant every 30 s, beside one of 5 s that
    // stopped: every tick leaves a gap longer than the shortest interval
    FleetGaps gaps = new FleetGaps();
    for (long s = 0; s <= 900; s += 30) {
      gaps.note(seconds(s), 5_000);
    }
    // a sensor of every minute, silent since 0 s, offline by its own count at 615 s (inside a tick)
    assertThat(gaps.returnOver(seconds(0), seconds(60), seconds(615))).isNull();
  }

  @Test
  void aSensorThatMissedReadingsBeforeThePauseIsJudgedByItsOwnSilence() {
    FleetGaps gaps = new FleetGaps();
    for (long s = 0; s <= 600; s += 60) {
      gaps.note(seconds(s), 60_000);
    }
    gaps.note(seconds(4200), 60_000);
    // silent since 300 s: its first missed reading was due at 360 s, while the others reported
    assertThat(gaps.returnOver(seconds(300), seconds(360), seconds(300).plus(Duration.ofMinutes(10)))).isNull();
  }

  @Test
  void aSilenceOverThePauseThatSpansTheMonitorsStartCountsFromTheReturn() {
    // a run of readings every 5 s stopped at 0 s; the next run's monitor starts from there and the
    // feed returns at 9 s
    FleetGaps gaps = new FleetGaps();
    gaps.startAfter(seconds(0));
    gaps.note(seconds(9), 5_000);
    // silent since 0 s, offline by its own 5 s pace at 30 s: counted from the return instead
    assertThat(gaps.returnOver(seconds(0), seconds(5), seconds(30))).isEqualTo(seconds(9));
    // silent since -5 s (one reading lost before the stop), not offline before the pause began
    assertThat(gaps.returnOver(seconds(-5), seconds(0), seconds(25))).isEqualTo(seconds(9));
    assertThat(gaps.spansRestart(seconds(-5), seconds(39))).isTrue();
    // offline before the pause began: its silence was its own
    assertThat(gaps.returnOver(seconds(-60), seconds(-55), seconds(-30))).isNull();
    // a silence that began after the return
    assertThat(gaps.spansRestart(seconds(9), seconds(39))).isFalse();
  }

  @Test
  void aMonitorStartedWhileTheFeedWentOnSeesNoPauseAtItsStart() {
    FleetGaps gaps = new FleetGaps();
    gaps.startAfter(seconds(0));
    gaps.note(seconds(5), 5_000);
    gaps.note(seconds(100), 5_000); // a pause of the feed later on is an ordinary fleet gap
    assertThat(gaps.spansRestart(seconds(5), seconds(100))).isFalse();
    assertThat(gaps.returnOver(seconds(5), seconds(10), seconds(35))).isEqualTo(seconds(100));
    // silent since before the start, offline by its own count at 20 s while the feed went on
    assertThat(gaps.returnOver(seconds(-10), seconds(-5), seconds(20))).isNull();
  }
}
