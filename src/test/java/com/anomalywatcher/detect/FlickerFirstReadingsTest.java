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
 * A lamp lit 08:00–20:00 every day whose flicker begins with two dark readings in a row (as D1's
 * flickers often do: 1234 {@code lamp-supermarket-a83d1b} 2026-03-27 06:11Z, on off off on off off on)
 * is alerted as a flicker, not stuck off: a stuck verdict waits until the flicker rule's window has
 * passed the switch. A lamp that stays dark is still stuck off within that window, and one that
 * fails to switch off at its closing (no switch, so no flicker) is stuck on at its second reading.
 */
class FlickerFirstReadingsTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, ZONE);
  private static final String ID = "lamp-supermarket-000077";
  private static final LocalDate FIRST = LocalDate.of(2026, 3, 2);
  private static final LocalDate TEST_DAY = FIRST.plusDays(14);
  private static final double ALERT = 0.7;

  private static boolean lit(LocalTime t) {
    return !t.isBefore(LocalTime.of(8, 0)) && t.isBefore(LocalTime.of(20, 0));
  }

  private static SensorDetector trained() {
    SensorDetector d = SensorDetector.fresh(LAMP, ID);
    for (int i = 0; i < 14; i++) {
      ZonedDateTime day = FIRST.plusDays(i).atStartOfDay(ZONE);
      for (ZonedDateTime t = day; t.isBefore(day.plusDays(1)); t = t.plusMinutes(1)) {
        d.train(t.toInstant(), lit(t.toLocalTime()) ? 1 : 0, null);
      }
    }
    Instant end = TEST_DAY.atStartOfDay(ZONE).toInstant();
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, ID, LAMP, end,
        FIRST.atStartOfDay(ZONE).toInstant(), end, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /**
   * Feeds the test day to 14:00 as scheduled, then {@code pattern} (1 lit, 0 dark) a reading a
   * minute; returns the first detection at the alert level, or null.
   */
  private static Detection firstAlert(String pattern) {
    SensorDetector d = trained();
    ZonedDateTime day = TEST_DAY.atStartOfDay(ZONE);
    ZonedDateTime from = day.plusHours(14);
    for (ZonedDateTime t = day; t.isBefore(from); t = t.plusMinutes(1)) {
      d.observe(t.toInstant(), lit(t.toLocalTime()) ? 1 : 0, null);
    }
    for (int i = 0; i < pattern.length(); i++) {
      Detection det = d.observe(from.plusMinutes(i).toInstant(), pattern.charAt(i) - '0', null);
      if (det.score() >= ALERT) {
        return det;
      }
    }
    return null;
  }

  @Test
  void aFlickerThatStartsWithTwoDarkReadingsIsAlertedAsAFlicker() {
    Detection first = firstAlert("0010010010");

    assertThat(first).isNotNull();
    assertThat(first.kind()).isEqualTo(AnomalyKind.FLICKER);
  }

  /**
   * A lamp that stays lit past its closing contradicts its schedule without switching: it failed to
   * switch, no flicker can have begun, and it is stuck on at its second contradicting reading (D1 31's
   * {@code lamp-warehouse-4e228e}, 2026-07-08 15:00Z: lit two readings past the time its history was
   * dark, then switched off; waiting a third reading lost it).
   */
  @Test
  void aLampThatFailsToSwitchOffIsStuckOnAtItsSecondContradictingReading() {
    SensorDetector d = trained();
    ZonedDateTime day = TEST_DAY.atStartOfDay(ZONE);
    Integer firstContradiction = null;
    Integer firstAlert = null;
    for (int m = 14 * 60; m < 22 * 60 && firstAlert == null; m++) {
      Detection det = d.observe(day.plusMinutes(m).toInstant(), 1, null);
      if (firstContradiction == null && det.kind() == AnomalyKind.STUCK_ON) {
        firstContradiction = m;
      }
      if (det.score() >= ALERT) {
        firstAlert = m;
        assertThat(det.kind()).isEqualTo(AnomalyKind.STUCK_ON);
      }
    }

    assertThat(firstContradiction).isNotNull();
    assertThat(firstAlert).isEqualTo(firstContradiction + 1);
  }

  @Test
  void aLampThatStaysDarkIsStuckOffWithinTheFlickerWindow() {
    Detection first = firstAlert("000");

    assertThat(first).isNotNull();
    assertThat(first.kind()).isEqualTo(AnomalyKind.STUCK_OFF);
  }
}
