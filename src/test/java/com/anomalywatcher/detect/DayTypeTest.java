package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A lamp on 08:00–20:00 local time, closed on Mondays, in Berlin: two weeks of history cross the
 * EU spring-forward (29 March 2026), so the same local hours are an hour earlier in UTC afterwards.
 */
class DayTypeTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, BERLIN);

  private static boolean scheduledOn(ZonedDateTime local) {
    LocalTime t = local.toLocalTime();
    return local.getDayOfWeek() != DayOfWeek.MONDAY && !t.isBefore(LocalTime.of(8, 0)) && t.isBefore(LocalTime.of(20, 0));
  }

  private static SensorDetector trained() {
    return trained("lamp-restaurant-000001", t -> false);
  }

  /**
   * A lamp trained minute by minute on the fortnight 17–31 March (Berlin, across the spring-forward),
   * lit by {@link #scheduledOn its schedule} or when {@code alsoLit}.
   */
  private static SensorDetector trained(String sensorId, Predicate<ZonedDateTime> alsoLit) {
    SensorDetector d = SensorDetector.fresh(LAMP, sensorId);
    ZonedDateTime t = LocalDate.of(2026, 3, 17).atStartOfDay(BERLIN);
    ZonedDateTime end = LocalDate.of(2026, 3, 31).atStartOfDay(BERLIN);
    for (; t.isBefore(end); t = t.plusMinutes(1)) {
      d.train(t.toInstant(), scheduledOn(t) || alsoLit.test(t) ? 1 : 0, null);
    }
    return d;
  }

  /** {@code d}, trained up to 31 March, saved and restored as the monitor restores it: it learns nothing live. */
  private static SensorDetector restored(SensorDetector d, String sensorId) {
    ZonedDateTime end = LocalDate.of(2026, 3, 31).atStartOfDay(BERLIN);
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, sensorId, LAMP,
        end.toInstant(), end.minusDays(14).toInstant(), end.toInstant(), d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /** The highest score over a local day, with the lamp off during {@code offFrom}..{@code offTo} local. */
  private static double maxScore(SensorDetector d, LocalDate day, LocalTime offFrom, LocalTime offTo) {
    double max = 0;
    ZonedDateTime end = day.plusDays(1).atStartOfDay(BERLIN);
    for (ZonedDateTime t = day.atStartOfDay(BERLIN); t.isBefore(end); t = t.plusMinutes(1)) {
      LocalTime lt = t.toLocalTime();
      boolean forcedOff = offFrom != null && !lt.isBefore(offFrom) && lt.isBefore(offTo);
      Detection det = d.observe(t.toInstant(), scheduledOn(t) && !forcedOff ? 1 : 0, null);
      max = Math.max(max, det.score());
    }
    return max;
  }

  @Test
  void aClosedDayOfTheWeekIsNormalAndTheScheduleFollowsDaylightSaving() {
    SensorDetector d = trained();

    assertThat(maxScore(d, LocalDate.of(2026, 3, 31), null, null)).as("Tuesday after the change").isLessThan(0.7);
    assertThat(maxScore(d, LocalDate.of(2026, 4, 1), null, null)).as("Wednesday").isLessThan(0.7);
    assertThat(maxScore(d, LocalDate.of(2026, 4, 6), null, null)).as("closed Monday").isLessThan(0.7);
  }

  @Test
  void aLampDarkOnAWorkingDayIsStuckOff() {
    SensorDetector d = trained();
    maxScore(d, LocalDate.of(2026, 3, 31), null, null);

    ZonedDateTime noon = LocalDate.of(2026, 4, 1).atTime(12, 0).atZone(BERLIN);
    for (ZonedDateTime t = LocalDate.of(2026, 4, 1).atStartOfDay(BERLIN); t.isBefore(noon); t = t.plusMinutes(1)) {
      d.observe(t.toInstant(), scheduledOn(t) ? 1 : 0, null);
    }
    d.observe(noon.toInstant(), 0, null);
    d.observe(noon.plusMinutes(1).toInstant(), 0, null);
    Detection dark = d.observe(noon.plusMinutes(2).toInstant(), 0, null);

    assertThat(dark.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(dark.kind()).isEqualTo(AnomalyKind.STUCK_OFF);
  }

  /**
   * Cleaners light the lamp 03:00–03:20 on every other night of the history. One night they stay
   * until 03:55: the lamp on past any on-period seen at that hour is stuck on, but switching off
   * at 03:55 (no training night switched off near then) ends that on-period and is no second
   * incident. The look-alike, a lamp going dark at noon, stays stuck off ({@link
   * #aLampDarkOnAWorkingDayIsStuckOff}).
   */
  @Test
  void theEndOfALongNightOnPeriodIsNoSecondIncident() {
    SensorDetector d = restored(trained("lamp-restaurant-000003", t -> t.getDayOfMonth() % 2 == 0
        && !t.toLocalTime().isBefore(LocalTime.of(3, 0)) && t.toLocalTime().isBefore(LocalTime.of(3, 20))),
        "lamp-restaurant-000003");
    maxScore(d, LocalDate.of(2026, 3, 31), null, null);

    double onMax = 0;
    double afterMax = 0;
    ZonedDateTime day = LocalDate.of(2026, 4, 1).atStartOfDay(BERLIN);
    for (ZonedDateTime m = day; m.isBefore(day.plusHours(7)); m = m.plusMinutes(1)) {
      LocalTime lt = m.toLocalTime();
      boolean on = !lt.isBefore(LocalTime.of(3, 0)) && lt.isBefore(LocalTime.of(3, 55));
      Detection det = d.observe(m.toInstant(), on ? 1 : 0, null);
      if (on) {
        onMax = Math.max(onMax, det.score());
      } else if (!lt.isBefore(LocalTime.of(3, 55))) {
        afterMax = Math.max(afterMax, det.score());
      }
    }

    assertThat(onMax).as("on past the usual on-periods").isGreaterThanOrEqualTo(0.7);
    assertThat(afterMax).as("back to dark after the on-period").isLessThan(0.5);
  }

  /**
   * Cleaners light the lamp 03:00–03:30 on some working-day nights of the history, never on a
   * (closed) Monday. Lights at night keep no day type's schedule: the same lights on a Monday night
   * are no incident. The look-alike, lights at 01:00 where no night of the history had them, is
   * stuck on.
   */
  @Test
  void lightsAtNightAtAnHourSeenOnAnotherDayTypeAreNormalButNotAtAnUnseenHour() {
    SensorDetector d = restored(trained("lamp-restaurant-000004", t -> t.getDayOfWeek() != DayOfWeek.MONDAY
        && t.getDayOfMonth() % 3 == 0 && !t.toLocalTime().isBefore(LocalTime.of(3, 0))
        && t.toLocalTime().isBefore(LocalTime.of(3, 30))), "lamp-restaurant-000004");
    for (LocalDate day = LocalDate.of(2026, 3, 31); day.isBefore(LocalDate.of(2026, 4, 6)); day = day.plusDays(1)) {
      maxScore(d, day, null, null);
    }

    ZonedDateTime monday = LocalDate.of(2026, 4, 6).atStartOfDay(BERLIN);
    double cleaningMax = 0;
    for (ZonedDateTime m = monday; m.isBefore(monday.plusHours(5)); m = m.plusMinutes(1)) {
      LocalTime lt = m.toLocalTime();
      boolean on = !lt.isBefore(LocalTime.of(3, 5)) && lt.isBefore(LocalTime.of(3, 25));
      cleaningMax = Math.max(cleaningMax, d.observe(m.toInstant(), on ? 1 : 0, null).score());
    }
    assertThat(cleaningMax).as("cleaning hours on a Monday night").isLessThan(0.7);

    ZonedDateTime tuesday = monday.plusDays(1);
    double unseenMax = 0;
    for (ZonedDateTime m = monday.plusHours(5); m.isBefore(tuesday.plusHours(2)); m = m.plusMinutes(1)) {
      LocalTime lt = m.toLocalTime();
      boolean on = m.isAfter(tuesday.toInstant().atZone(BERLIN)) && lt.isBefore(LocalTime.of(1, 30)) && lt.getHour() >= 1;
      unseenMax = Math.max(unseenMax, d.observe(m.toInstant(), on ? 1 : 0, null).score());
    }
    assertThat(unseenMax).as("lights at 01:00").isGreaterThanOrEqualTo(0.7);
  }

  /**
   * Night cleaning on a closed day whose history is too thin to judge (two Mondays with dropouts):
   * lights on for 40 minutes and off again is no incident, neither the switch-on nor the return to
   * dark, for a model restored as the monitor restores it.
   */
  @Test
  void nightCleaningOnAClosedDayWithThinHistoryDoesNotAlert() {
    SensorDetector d = SensorDetector.fresh(LAMP, "lamp-restaurant-000002");
    ZonedDateTime t = LocalDate.of(2026, 3, 17).atStartOfDay(BERLIN);
    ZonedDateTime end = LocalDate.of(2026, 3, 31).atStartOfDay(BERLIN);
    for (int i = 0; t.isBefore(end); t = t.plusMinutes(1), i++) {
      if (t.getDayOfWeek() == DayOfWeek.MONDAY && i % 7 == 0) {
        continue; // dropouts
      }
      d.train(t.toInstant(), scheduledOn(t) ? 1 : 0, null);
    }
    SensorDetector restored = restored(d, "lamp-restaurant-000002");
    maxScore(restored, LocalDate.of(2026, 3, 31), null, null);
    maxScore(restored, LocalDate.of(2026, 4, 1), null, null);

    double max = 0;
    ZonedDateTime monday = LocalDate.of(2026, 4, 6).atStartOfDay(BERLIN);
    for (ZonedDateTime m = monday; m.isBefore(monday.plusDays(1)); m = m.plusMinutes(1)) {
      LocalTime lt = m.toLocalTime();
      boolean cleaning = !lt.isBefore(LocalTime.of(13, 10)) && lt.isBefore(LocalTime.of(13, 50));
      max = Math.max(max, restored.observe(m.toInstant(), cleaning ? 1 : 0, null).score());
    }
    assertThat(max).isLessThan(0.7);
  }

  /**
   * Two closed Mondays with dropouts leave the Monday group too thin to judge at any hour; cleaners
   * lit the lamp 03:00–03:30 on some working-day nights. On a Monday night, lights at 01:30, where
   * every night of every weekday was dark, are stuck on (the state all weekdays agree on stands in
   * for the thin day type), for a restored model and for one still learning; the look-alike, lights
   * at the cleaners' hour, stays quiet.
   */
  @Test
  void lightsAtNightOnAThinDayTypeAreStuckOnWhereEveryNightWasDarkButNotAtTheCleanersHour() {
    SensorDetector learning = SensorDetector.fresh(LAMP, "lamp-restaurant-000005");
    ZonedDateTime t = LocalDate.of(2026, 3, 17).atStartOfDay(BERLIN);
    ZonedDateTime end = LocalDate.of(2026, 3, 31).atStartOfDay(BERLIN);
    for (int i = 0; t.isBefore(end); t = t.plusMinutes(1), i++) {
      if (t.getDayOfWeek() == DayOfWeek.MONDAY && i % 7 == 0) {
        continue; // dropouts: under 20 readings in every Monday slot
      }
      LocalTime lt = t.toLocalTime();
      boolean cleaning = t.getDayOfWeek() != DayOfWeek.MONDAY && t.getDayOfMonth() % 3 == 0
          && !lt.isBefore(LocalTime.of(3, 0)) && lt.isBefore(LocalTime.of(3, 30));
      learning.train(t.toInstant(), scheduledOn(t) || cleaning ? 1 : 0, null);
    }
    SensorDetector restored = restored(learning, "lamp-restaurant-000005");
    ZonedDateTime monday = LocalDate.of(2026, 4, 6).atStartOfDay(BERLIN);
    for (SensorDetector d : new SensorDetector[] {restored, learning}) {
      for (LocalDate day = LocalDate.of(2026, 3, 31); day.isBefore(LocalDate.of(2026, 4, 6)); day = day.plusDays(1)) {
        maxScore(d, day, null, null);
      }
      double[] scores = litAtNight(d, monday, LocalTime.of(1, 30), LocalTime.of(1, 50), LocalTime.of(3, 5), LocalTime.of(3, 25));
      double unseenHour = scores[0];
      double cleanersHour = scores[1];
      assertThat(unseenHour).as("lights at 01:30 on a thin Monday, restored " + (d == restored)).isGreaterThanOrEqualTo(0.7);
      assertThat(cleanersHour).as("lights at the cleaners' hour, restored " + (d == restored)).isLessThan(0.7);
    }
  }

  /**
   * The history's one fault: on a closed Monday night the lamp stayed lit 01:30–02:10 (stuck on);
   * cleaners lit it 03:00–03:30 on several nights. One night of the history does not make 01:30
   * usual: lights at 01:35 on a Wednesday night are stuck on, for the model restored as the monitor
   * restores it. The look-alike, lights at the cleaners' hour on the same night, stays quiet.
   */
  @Test
  void lightsAtAnHourLitOnOneNightOfTheHistoryAreStuckOnButNotAtTheCleanersHour() {
    SensorDetector d = restored(trained("lamp-restaurant-000006", t -> {
      LocalTime lt = t.toLocalTime();
      boolean cleaning = t.getDayOfMonth() % 3 == 0 && !lt.isBefore(LocalTime.of(3, 0)) && lt.isBefore(LocalTime.of(3, 30));
      boolean fault = t.toLocalDate().equals(LocalDate.of(2026, 3, 23))
          && !lt.isBefore(LocalTime.of(1, 30)) && lt.isBefore(LocalTime.of(2, 10));
      return cleaning || fault;
    }), "lamp-restaurant-000006");
    maxScore(d, LocalDate.of(2026, 3, 31), null, null);

    ZonedDateTime wednesday = LocalDate.of(2026, 4, 1).atStartOfDay(BERLIN);
    double[] scores = litAtNight(d, wednesday, LocalTime.of(1, 35), LocalTime.of(2, 0), LocalTime.of(3, 5), LocalTime.of(3, 25));
    double faultHour = scores[0];
    double cleanersHour = scores[1];

    assertThat(faultHour).as("lights at the hour of the history's one fault").isGreaterThanOrEqualTo(0.7);
    assertThat(cleanersHour).as("lights at the cleaners' hour").isLessThan(0.7);
  }

  /**
   * Cleaners light the lamp at night on every third date, starting at 02:30 one time and at 03:50
   * another (their start wanders), across the spring-forward of the history. On a night after the
   * change, cleaners who switch on at 03:00, half an hour from either usual start but at an hour
   * lit on several nights, are no odd switch; a lamp switched on at 01:00, an hour never lit, is
   * stuck on. Both for the model restored as the monitor restores it and for the trained one.
   */
  @Test
  void cleanersStartingHalfAnHourFromTheirUsualStartAreNormalButAnUnlitHourIsStuckOn() {
    for (boolean restored : new boolean[] {true, false}) {
      double[] scores = unlitAndCleanersHourScores(restored);

      assertThat(scores[0]).as("lights at an hour never lit, restored " + restored).isGreaterThanOrEqualTo(0.7);
      assertThat(scores[1]).as("cleaners switching on 30 min from their usual starts, restored " + restored).isLessThan(0.7);
    }
  }

  /** The highest scores at 01:00–01:30 and 03:00–03:30 on the Wednesday night after the change. */
  private static double[] unlitAndCleanersHourScores(boolean restored) {
    SensorDetector d = trained("lamp-restaurant-000007", t -> {
      LocalTime lt = t.toLocalTime();
      boolean early = t.getDayOfMonth() % 3 == 0 && !lt.isBefore(LocalTime.of(2, 30)) && lt.isBefore(LocalTime.of(3, 40));
      boolean late = t.getDayOfMonth() % 3 == 1 && !lt.isBefore(LocalTime.of(3, 50)) && lt.isBefore(LocalTime.of(4, 30));
      return early || late;
    });
    if (restored) {
      d = restored(d, "lamp-restaurant-000007");
    }
    maxScore(d, LocalDate.of(2026, 3, 31), null, null);

    ZonedDateTime wednesday = LocalDate.of(2026, 4, 1).atStartOfDay(BERLIN);
    return litAtNight(d, wednesday, LocalTime.of(1, 0), LocalTime.of(1, 30), LocalTime.of(3, 0), LocalTime.of(3, 30));
  }

  /**
   * The cleaners came on one closed Monday of the history, 14:00–14:35. On a closed Monday after the
   * history, cleaners who come at 14:45–15:25 (their hour wanders from week to week) are a visit of
   * the same kind, not stuck on; the lamp lit at 17:30, over two hours from any visit of the
   * history, is stuck on. Both for the model restored as the monitor restores it and for the trained one.
   */
  @Test
  void aVisitOnAClosedDayNearTheHistorysVisitIsNormalButAnUnvisitedHourIsStuckOn() {
    for (boolean restored : new boolean[] {true, false}) {
      SensorDetector d = trained("lamp-factory-000008", t -> t.toLocalDate().equals(LocalDate.of(2026, 3, 23))
          && !t.toLocalTime().isBefore(LocalTime.of(14, 0)) && t.toLocalTime().isBefore(LocalTime.of(14, 35)));
      if (restored) {
        d = restored(d, "lamp-factory-000008");
      }
      for (LocalDate day = LocalDate.of(2026, 3, 31); day.isBefore(LocalDate.of(2026, 4, 6)); day = day.plusDays(1)) {
        maxScore(d, day, null, null);
      }
      double[] scores = litOnClosedMonday(d, LocalDate.of(2026, 4, 6), LocalTime.of(14, 45), LocalTime.of(15, 25), LocalTime.of(17, 30), LocalTime.of(18, 0));

      assertThat(scores[0]).as("cleaners 45 min after the history's visit, restored " + restored).isLessThan(0.7);
      assertThat(scores[1]).as("lights at an hour no visit came, restored " + restored).isGreaterThanOrEqualTo(0.7);
    }
  }

  /** Feeds a whole closed day lit in [a0, a1) and [b0, b1); returns the highest score within each window. */
  private static double[] litOnClosedMonday(SensorDetector d, LocalDate monday, LocalTime a0, LocalTime a1, LocalTime b0, LocalTime b1) {
    ZonedDateTime start = monday.atStartOfDay(BERLIN);
    return litAtNight(d, start, Duration.ofDays(1), a0, a1, b0, b1);
  }

  /**
   * Feeds the first 5 hours of {@code night}, minute by minute, with the lamp lit in [a0, a1) and in
   * [b0, b1) and dark otherwise; returns the highest score within each of the two windows.
   */
  private static double[] litAtNight(SensorDetector d, ZonedDateTime night, LocalTime a0, LocalTime a1, LocalTime b0, LocalTime b1) {
    return litAtNight(d, night, Duration.ofHours(5), a0, a1, b0, b1);
  }

  /** As above, for {@code length} from {@code from}. */
  private static double[] litAtNight(SensorDetector d, ZonedDateTime from, Duration length, LocalTime a0, LocalTime a1, LocalTime b0, LocalTime b1) {
    double[] highest = new double[2];
    for (ZonedDateTime m = from; m.isBefore(from.plus(length)); m = m.plusMinutes(1)) {
      LocalTime lt = m.toLocalTime();
      boolean inA = !lt.isBefore(a0) && lt.isBefore(a1);
      boolean inB = !lt.isBefore(b0) && lt.isBefore(b1);
      double score = d.observe(m.toInstant(), inA || inB ? 1 : 0, null).score();
      if (inA) {
        highest[0] = Math.max(highest[0], score);
      }
      if (inB) {
        highest[1] = Math.max(highest[1], score);
      }
    }
    return highest;
  }

  @Test
  void dayClockGivesLocalSlotAndWeekdayAcrossTheChange() {
    DayClock c = new DayClock(BERLIN);
    Instant beforeChange = Instant.parse("2026-03-28T07:00:00Z"); // 08:00 CET, Saturday
    Instant afterChange = Instant.parse("2026-03-30T06:00:00Z"); // 08:00 CEST, Monday

    assertThat(c.slotOf(beforeChange)).isEqualTo(48);
    assertThat(c.slotOf(afterChange)).isEqualTo(48);
    assertThat(c.dayOf(beforeChange)).isEqualTo(5);
    assertThat(c.dayOf(afterChange)).isZero();
    assertThat(c.slotOf(afterChange.minus(Duration.ofDays(2)))).isEqualTo(42);
  }
}
