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
import org.junit.jupiter.api.Test;

/**
 * A restaurant lamp that opens every day at a time between 09:38 and 10:04 and closes after 23:00
 * (acceptance B2, seed 57812 at 2026-11-18T13:58Z: lamp-restaurant-50f50f, docs/accuracy-log.md, "A lamp
 * going dark soon after its opening", 2026-12-03, so).
 */
class DigitalCheckOpeningTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, ZONE);
  private static final String ID = "lamp-restaurant-000050";
  private static final LocalDate FIRST = LocalDate.of(2026, 11, 3);
  private static final LocalDate TEST_DAY = FIRST.plusDays(14);

  /** The history's opening on the {@code i}-th date: 09:38 to 10:04, wandering from day to day. */
  private static LocalTime opening(int i) {
    return LocalTime.of(9, 38).plusMinutes(i * 11 % 27);
  }

  private static boolean lit(LocalTime t, LocalTime opens) {
    return !t.isBefore(opens) && t.isBefore(LocalTime.of(23, 5));
  }

  /** Trained minute by minute on the fortnight before {@link #TEST_DAY}; restored as the monitor restores it if asked. */
  private static SensorDetector trained(boolean restored) {
    SensorDetector d = SensorDetector.fresh(LAMP, ID);
    for (int i = 0; i < 14; i++) {
      ZonedDateTime day = FIRST.plusDays(i).atStartOfDay(ZONE);
      for (ZonedDateTime t = day; t.isBefore(day.plusDays(1)); t = t.plusMinutes(1)) {
        d.train(t.toInstant(), lit(t.toLocalTime(), opening(i)) ? 1 : 0, null);
      }
    }
    if (!restored) {
      return d;
    }
    Instant end = TEST_DAY.atStartOfDay(ZONE).toInstant();
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, ID, LAMP, end,
        FIRST.atStartOfDay(ZONE).toInstant(), end, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /**
   * Feeds the test day's morning until noon, the lamp lit from {@code opens} but dark in [{@code
   * darkFrom}, {@code darkTo}); returns the detection with the highest score inside the dark spell.
   */
  private static Detection darkSpell(SensorDetector d, LocalTime opens, LocalTime darkFrom, LocalTime darkTo) {
    Detection worst = null;
    ZonedDateTime day = TEST_DAY.atStartOfDay(ZONE);
    for (ZonedDateTime t = day; t.isBefore(day.plusHours(12)); t = t.plusMinutes(1)) {
      LocalTime lt = t.toLocalTime();
      boolean dark = !lt.isBefore(darkFrom) && lt.isBefore(darkTo);
      Detection det = d.observe(t.toInstant(), lit(lt, opens) && !dark ? 1 : 0, null);
      if (dark && (worst == null || det.score() > worst.score())) {
        worst = det;
      }
    }
    return worst;
  }

  /**
   * Lit at 09:46 (an opening like the history's), dark at 10:16–10:25, where every morning of the
   * history was lit after its opening and none switched off: stuck off, though the dark spell ends
   * an on-period of half an hour (the cleaners' kind of excursion) and the expected state's window
   * still reaches the later openings. The look-alike, a lamp dark until 10:16 on a morning it has
   * not been lit yet (a late opening), stays quiet. Both for the model restored as the monitor
   * restores it and for the trained one.
   */
  @Test
  void aLampGoingDarkSoonAfterItsOpeningIsStuckOffButALateOpeningIsNot() {
    for (boolean restored : new boolean[] {true, false}) {
      Detection afterOpening = darkSpell(trained(restored), LocalTime.of(9, 46), LocalTime.of(10, 16), LocalTime.of(10, 26));
      Detection lateOpening = darkSpell(trained(restored), LocalTime.of(9, 46), LocalTime.of(9, 46), LocalTime.of(10, 16));

      assertThat(afterOpening.score()).as("dark 10:16-10:25 after opening at 09:46, restored " + restored).isGreaterThanOrEqualTo(0.7);
      assertThat(afterOpening.kind()).isEqualTo(AnomalyKind.STUCK_OFF);
      assertThat(lateOpening.score()).as("opening late at 10:16, restored " + restored).isLessThan(0.7);
    }
  }
}
