package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A lamp lit 08:00–20:00 every day whose history went dark at noon on one date: in a flicker (a
 * fault) or in one dark spell (a lamp switched off for twenty minutes). docs/accuracy-log.md,
 * "Flickers of the history in opening hours", 2026-12-03, so.
 */
class DigitalCheckFlickerHistoryTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, ZONE);
  private static final String ID = "lamp-supermarket-000060";
  private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
  private static final LocalDate ODD_DATE = FIRST.plusDays(6);
  private static final LocalDate TEST_DAY = FIRST.plusDays(14);

  private static boolean scheduled(LocalTime t) {
    return !t.isBefore(LocalTime.of(8, 0)) && t.isBefore(LocalTime.of(20, 0));
  }

  private static boolean noonSpell(LocalTime t) {
    return !t.isBefore(LocalTime.of(12, 0)) && t.isBefore(LocalTime.of(12, 20));
  }

  /** Two toggles or more in every four readings: off 1 min, on 1 or 2 min, over and over. */
  private static boolean flickerOn(LocalTime t) {
    int m = t.getMinute() % 5;
    return m == 1 || m == 3 || m == 4;
  }

  /** Trained minute by minute on the fortnight before {@link #TEST_DAY}, {@code lit} on every date but at noon of {@link #ODD_DATE}. */
  private static SensorDetector trained(Predicate<LocalTime> litAtNoonOfOddDate, boolean restored) {
    SensorDetector d = SensorDetector.fresh(LAMP, ID);
    ZonedDateTime end = TEST_DAY.atStartOfDay(ZONE);
    for (ZonedDateTime t = FIRST.atStartOfDay(ZONE); t.isBefore(end); t = t.plusMinutes(1)) {
      LocalTime lt = t.toLocalTime();
      boolean on = t.toLocalDate().equals(ODD_DATE) && noonSpell(lt) ? litAtNoonOfOddDate.test(lt) : scheduled(lt);
      d.train(t.toInstant(), on ? 1 : 0, null);
    }
    if (!restored) {
      return d;
    }
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, ID, LAMP, end.toInstant(),
        FIRST.atStartOfDay(ZONE).toInstant(), end.toInstant(), d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /** The test day to 14:00, dark at 12:05–12:34; the detections of the dark readings, in order. */
  private static Detection[] darkAtNoon(SensorDetector d) {
    Detection[] dark = new Detection[30];
    int n = 0;
    ZonedDateTime day = TEST_DAY.atStartOfDay(ZONE);
    for (ZonedDateTime t = day; t.isBefore(day.plusHours(14)); t = t.plusMinutes(1)) {
      LocalTime lt = t.toLocalTime();
      boolean isDark = !lt.isBefore(LocalTime.of(12, 5)) && lt.isBefore(LocalTime.of(12, 35));
      Detection det = d.observe(t.toInstant(), scheduled(lt) && !isDark ? 1 : 0, null);
      if (isDark) {
        dark[n++] = det;
      }
    }
    return dark;
  }

  /**
   * After a flicker of the history at noon, the lamp going dark at 12:05 is stuck off from its
   * third dark reading (the flicker rule's window past its switch): the flicker's dark readings are no dark hour of the schedule. The
   * look-alike, a history that went dark at noon for twenty minutes without flickering, keeps the
   * hour usual for dark: quiet throughout. Both for the model restored as the monitor restores it
   * and for the trained one.
   */
  @Test
  void darkWhereOnlyAFlickerOfTheHistoryWasDarkIsStuckOffButNotWhereTheHistoryWentDark() {
    for (boolean restored : new boolean[] {true, false}) {
      Detection[] afterFlicker = darkAtNoon(trained(DigitalCheckFlickerHistoryTest::flickerOn, restored));
      Detection[] afterDarkSpell = darkAtNoon(trained(t -> false, restored));

      assertThat(afterFlicker[2].score()).as("third dark reading after a flicker at noon, restored " + restored)
          .isGreaterThanOrEqualTo(0.7);
      assertThat(afterFlicker[2].kind()).isEqualTo(AnomalyKind.STUCK_OFF);
      for (Detection det : afterDarkSpell) {
        assertThat(det.score()).as("dark where the history went dark at noon, restored " + restored).isLessThan(0.7);
      }
    }
  }
}
