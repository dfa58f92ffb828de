package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilenceTest {
  private static final Instant T0 = Instant.parse("2026-03-28T10:00:00Z");

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  @Test
  void learnsTheIntervalDespiteLostReadings() {
    Silence s = new Silence(null, false, () -> 9, () -> null);
    for (int m : new int[] {0, 1, 3, 4, 5, 8, 9}) {
      s.note(minute(m));
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFewLostReadingsAreNoOutage() {
    Silence s = new Silence(null, false, () -> 9, () -> null);
    for (int m = 0; m < 20; m++) {
      s.note(minute(m));
    }
    assertThat(s.note(minute(20 + 10 - 1))).isNull();
  }

  @Test
  void aSilenceOfTenIntervalsWentOfflineTenIntervalsAfterTheLastReading() {
    Silence s = new Silence(null, false, () -> 9, () -> null);
    for (int m = 0; m < 20; m++) {
      s.note(minute(m));
    }
    assertThat(s.note(minute(19 + 45)).at()).isEqualTo(minute(19 + 10));
    assertThat(s.offlineAt(minute(19 + 45 + 5))).isNull();
  }

  @Test
  void theSensorsOwnToleranceSetsTheLimit() {
    Silence s = new Silence(null, false, () -> 4, () -> null);
    for (int m = 0; m < 20; m++) {
      s.note(minute(m));
    }
    assertThat(s.note(minute(19 + 5))).as("4 lost readings, tolerated").isNull();
    assertThat(s.note(minute(24 + 6)).at()).as("5 lost readings").isEqualTo(minute(24 + 5));
  }

  @Test
  void aSensorSilentSinceTheStartGoesOfflineByTheIntervalOfItsHistory() {
    Silence s = new Silence(minute(0), true, () -> 4, () -> Duration.ofMinutes(1));
    assertThat(s.offlineAt(minute(4))).isNull();
    assertThat(s.offlineAt(minute(60))).isEqualTo(minute(5));
  }

  @Test
  void knowsNothingBeforeItHasSeenTheInterval() {
    Silence s = new Silence(minute(0), true, () -> 9, () -> null);
    assertThat(s.note(minute(60))).isNull();
    assertThat(s.offlineAt(minute(600))).isNull();
  }

  @Test
  void theGapFromAModelsEndToTheFirstReadingIsNoInterval() {
    // trained up to 10 s before the first reading of a sensor that reports every minute
    Silence s = new Silence(minute(0).minusSeconds(10), false, () -> 2, () -> Duration.ofMinutes(1));
    for (int m = 0; m < 6; m++) {
      assertThat(s.note(minute(m))).as("reading on time at minute %d", m).isNull();
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void oneReadingComeEarlyDoesNotSetTheInterval() {
    // a feed of every 5 minutes that once sends a minute after the last reading, then keeps the new
    // phase (NAB's ec2_network_in_5abac7 at 2014-03-09 03:00-03:01)
    Silence s = new Silence(null, false, () -> 2, () -> null);
    for (int m = 0; m <= 60; m += 5) {
      s.note(minute(m));
    }
    for (int m = 61; m <= 61 + 5 * 20; m += 5) {
      assertThat(s.note(minute(m))).as("reading on time at minute %d", m).isNull();
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theIntervalKeptAsGapsComeIsTheQuarterShortestOfTheRecentOnes() {
    java.util.Random random = new java.util.Random(11);
    // tolerant enough that no gap is offline (an offline silence starts the gaps afresh)
    Silence s = new Silence(null, false, () -> 1000, () -> Duration.ofMinutes(1));
    java.util.ArrayDeque<Long> recent = new java.util.ArrayDeque<>();
    Instant at = T0;
    for (int i = 0; i < 2000; i++) {
      long gap = 1_000L * (1 + random.nextInt(random.nextBoolean() ? 8 : 120)); // repeats and spread alike
      at = at.plusMillis(gap);
      s.note(at);
      if (i == 0) {
        continue; // the first reading has no gap before it
      }
      recent.addLast(gap);
      if (recent.size() > Silence.RECENT) {
        recent.removeFirst();
      }
      if (recent.size() >= Silence.MIN_GAPS) {
        long[] sorted = recent.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(s.intervalMillis()).as("after reading %d", i).isEqualTo(sorted[sorted.length / 4]);
      }
    }
  }

  @Test
  void anOfflineSilenceStartsTheRecentGapsAfresh() {
    // reported every minute, then nothing for an hour (its feed paused), then back at its history's
    // pace of every 5 minutes: judged by the minute before the silence, each reading would be late
    Silence s = new Silence(null, false, () -> 2, () -> Duration.ofMinutes(5));
    for (int m = 0; m < 20; m++) {
      s.note(minute(m));
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.note(minute(19 + 60))).as("the silence of an hour").isNotNull();
    assertThat(s.interval()).as("the history's interval again").isEqualTo(Duration.ofMinutes(5));
    for (int m = 19 + 60 + 5; m <= 19 + 60 + 5 * 20; m += 5) {
      assertThat(s.note(minute(m))).as("reading on time at minute %d", m).isNull();
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aSilenceTooShortToBeOfflineKeepsTheRecentGaps() {
    Silence s = new Silence(null, false, () -> 2, () -> Duration.ofMinutes(5));
    for (int m = 0; m < 20; m++) {
      s.note(minute(m));
    }
    assertThat(s.note(minute(19 + 3))).as("two readings lost, tolerated").isNull();
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void oneReadingComeEarlyAfterAnOfflineSilenceDoesNotSetTheInterval() {
    // NAB's ec2_network_in_5abac7 (realAWSCloudwatch, MIT), 2014-03-09: every 5 minutes to 01:56,
    // nothing for an hour, back at 03:00 (twelve rows at that instant), once at 03:01, then every
    // 5 minutes on the new phase. Its learned interval is 5 minutes; the monitor tolerates 2 lost.
    Instant day = Instant.parse("2014-03-09T00:00:00Z");
    Silence s = new Silence(null, false, () -> 2, () -> Duration.ofMinutes(5));
    for (int m = 51; m <= 116; m += 5) { // 00:51 .. 01:56
      s.note(day.plus(Duration.ofMinutes(m)));
    }
    assertThat(s.note(day.plus(Duration.ofMinutes(180)))).as("the hour's outage, 01:56 to 03:00").isNotNull();
    for (int i = 0; i < 11; i++) {
      assertThat(s.note(day.plus(Duration.ofMinutes(180)))).isNull(); // the same instant again
    }
    for (int m = 181; m <= 296; m += 5) { // 03:01, 03:06 .. 04:56
      Instant at = day.plus(Duration.ofMinutes(m));
      assertThat(s.offlineAt(at)).as("offline before the reading at %s", at).isNull();
      assertThat(s.note(at)).as("reading on time at %s", at).isNull();
    }
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(5));
  }
}
