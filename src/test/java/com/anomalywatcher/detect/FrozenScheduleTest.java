package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A restored lamp keeps its schedule packed and answers from per-day-group facts (it learns
 * nothing while it watches): it must judge exactly as the check that learned the schedule, and
 * save exactly what that one saves.
 */
class FrozenScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, BERLIN);

  /** A restaurant's lamp: 08:00–20:00 (opening times jittered by day), closed Mondays, cleaners some nights. */
  private static boolean on(ZonedDateTime t, Random day) {
    LocalTime lt = t.toLocalTime();
    if (t.getDayOfWeek() == DayOfWeek.MONDAY) {
      return t.getDayOfMonth() % 2 == 0 && lt.getHour() == 22 && lt.getMinute() < 30;
    }
    int open = 8 * 60 - 10 + day.nextInt(20);
    int close = 20 * 60 - 10 + day.nextInt(20);
    int m = lt.getHour() * 60 + lt.getMinute();
    return m >= open && m < close;
  }

  private record Reading(Instant at, double value) {}

  /** Minute readings from {@code from} for {@code days}, losing some, with stuck and flickering stretches when {@code faults}. */
  private static List<Reading> readings(LocalDate from, int days, long seed, boolean faults) {
    Random r = new Random(seed);
    List<Reading> out = new ArrayList<>();
    ZonedDateTime end = from.plusDays(days).atStartOfDay(BERLIN);
    ZonedDateTime t = from.atStartOfDay(BERLIN);
    Random dayJitter = new Random(seed * 31);
    long stuckUntil = -1;
    double stuckValue = 0;
    for (int i = 0; t.isBefore(end); t = t.plusMinutes(1), i++) {
      if (t.toLocalTime().equals(LocalTime.MIDNIGHT)) {
        dayJitter = new Random(seed * 31 + i);
      }
      Random jitter = new Random(dayJitter.nextLong() ^ t.toLocalDate().toEpochDay());
      double v = on(t, jitter) ? 1 : 0;
      if (faults && i > 60) {
        if (stuckUntil < 0 && r.nextDouble() < 0.002) {
          stuckUntil = i + 30 + r.nextInt(200);
          stuckValue = r.nextBoolean() ? 1 : 0;
        }
        if (i < stuckUntil) {
          v = stuckValue;
        } else {
          stuckUntil = -1;
        }
        if (r.nextDouble() < 0.003) {
          v = 1 - v; // a flicker
        }
      }
      if (r.nextDouble() < 0.01) {
        continue; // a lost reading
      }
      out.add(new Reading(t.toInstant(), v));
    }
    return out;
  }

  @Test
  void aRestoredLampJudgesAndSavesExactlyAsTheLampThatLearned() {
    for (long seed = 1; seed <= 4; seed++) {
      DigitalCheck learned = new DigitalCheck(LAMP);
      for (Reading r : readings(LocalDate.of(2026, 3, 16), 14, seed, false)) {
        learned.observe(r.at(), r.value(), true, true, false);
      }
      DigitalCheck restored = DigitalCheck.restore(LAMP, learned.state());
      assertThat(restored.isFrozen()).isTrue();
      assertSameState(restored.state(), learned.state());

      // a dark lead-in gives both the same recent readings, then a fortnight with faults
      Instant night = LocalDate.of(2026, 3, 30).atTime(0, 5).atZone(BERLIN).toInstant();
      for (int m = 0; m < DigitalCheck.RECENT + 8; m++) {
        Instant at = night.plus(Duration.ofMinutes(m));
        assertThat(restored.observe(at, 0, false, true, false)).isEqualTo(learned.observe(at, 0, false, true, false));
      }
      int alerts = 0;
      for (Reading r : readings(LocalDate.of(2026, 3, 31), 14, seed + 100, true)) {
        Detection a = restored.observe(r.at(), r.value(), false, true, false);
        Detection b = learned.observe(r.at(), r.value(), false, true, false);
        assertThat(a).as("seed %d at %s", seed, r.at()).isEqualTo(b);
        alerts += a.score() >= 0.7 ? 1 : 0;
      }
      assertThat(alerts).as("the faults were judged at all").isGreaterThan(10);
      assertThat(restored.isFrozen()).as("watching learns nothing").isTrue();
      assertSameState(restored.state(), learned.state());
    }
  }

  @Test
  void aRestoredLampThatLearnsAgainThawsAndGoesOnAsTheOriginal() {
    DigitalCheck learned = new DigitalCheck(LAMP);
    for (Reading r : readings(LocalDate.of(2026, 3, 16), 14, 9, false)) {
      learned.observe(r.at(), r.value(), true, true, false);
    }
    DigitalCheck restored = DigitalCheck.restore(LAMP, learned.state());
    DigitalCheck reference = DigitalCheck.restore(LAMP, learned.state());
    List<Reading> more = readings(LocalDate.of(2026, 3, 30), 7, 10, false);
    for (Reading r : more) {
      restored.observe(r.at(), r.value(), true, true, false);
      learned.observe(r.at(), r.value(), true, true, false);
    }
    assertThat(restored.isFrozen()).isFalse();
    assertSameState(restored.state(), learned.state());
    assertThat(reference.isFrozen()).isTrue();
  }

  @Test
  void aRestoredGapProfileSavesAndToleratesAsTheOriginalUntilItLearns() {
    GapProfile p = new GapProfile();
    Random r = new Random(3);
    Instant t = Instant.parse("2026-03-02T00:00:00Z");
    int last = 0;
    for (int m = 0; m < 5_000; m++) {
      if (r.nextDouble() < 0.01) {
        m += 1 + r.nextInt(4);
      }
      p.note(t.plus(Duration.ofMinutes(m)));
      last = m;
    }
    GapProfile restored = GapProfile.restore(p.state());
    assertThat(restored.state().runs()).isEqualTo(p.state().runs());
    assertThat(restored.state().gaps()).isEqualTo(p.state().gaps());
    assertThat(restored.state().intervalMillis()).isEqualTo(p.state().intervalMillis());
    assertThat(restored.toleratedMissing()).isEqualTo(p.toleratedMissing());
    assertThat(restored.interval()).isEqualTo(p.interval());

    // (a restored profile does not know its last reading: the continuation starts one interval on)
    for (int m = last + 1; m < 6_000; m += 1 + (m % 97 == 0 ? 9 : 0)) {
      p.note(t.plus(Duration.ofMinutes(m)));
      restored.note(t.plus(Duration.ofMinutes(m)));
    }
    assertThat(restored.state().runs()).isEqualTo(p.state().runs());
    assertThat(restored.toleratedMissing()).isEqualTo(p.toleratedMissing());
    assertThat(restored.interval()).isEqualTo(p.interval());
  }

  @Test
  void aWeekPatternWithFractionalSumsIsKeptAsItIs() {
    WeekPattern w = new WeekPattern();
    for (int i = 0; i < 2_000; i++) {
      w.learn(i % 7, i % 144, 20.5 + (i % 13) * 0.1);
    }
    WeekPattern restored = WeekPattern.restore(w.state());
    assertThat(restored.isPacked()).isFalse();
    assertThat(restored.state().sum()).isEqualTo(w.state().sum());

    WeekPattern switches = new WeekPattern();
    for (int i = 0; i < 2_000; i++) {
      switches.learn(i % 7, i % 144, i % 3 == 0 ? 1 : 0);
    }
    WeekPattern packed = WeekPattern.restore(switches.state());
    assertThat(packed.isPacked()).isTrue();
    assertThat(packed.state().sum()).isEqualTo(switches.state().sum());
    assertThat(packed.state().count()).isEqualTo(switches.state().count());
    for (int d = 0; d < 7; d++) {
      assertThat(packed.alikeWith(d)).isEqualTo(switches.alikeWith(d));
    }
  }

  private static void assertSameState(DigitalCheck.State a, DigitalCheck.State b) {
    assertThat(a.onCount()).isEqualTo(b.onCount());
    assertThat(a.total()).isEqualTo(b.total());
    assertThat(a.switchedOn()).isEqualTo(b.switchedOn());
    assertThat(a.switchedOff()).isEqualTo(b.switchedOff());
    assertThat(a.week().sum()).isEqualTo(b.week().sum());
    assertThat(a.week().count()).isEqualTo(b.week().count());
  }
}
