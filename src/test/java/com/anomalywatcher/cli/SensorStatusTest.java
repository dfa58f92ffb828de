package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.monitor.SensorCatalog;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static SensorRow row(String category, String type, String metadata, Instant last) {
    return new SensorRow("s-1", type, category, "°C", "plant", metadata, null, last);
  }

  /** As {@code status} calls it: with what the monitor's catalog makes of the row. */
  private static String describe(SensorRow s, boolean hasModel, boolean ready, Instant firstReading, Instant now) {
    return SensorStatus.describe(s, new SensorCatalog(Map.of()).describe(s), hasModel, ready, firstReading, now);
  }

  @Test
  void saysHowMuchHistoryASensorWithoutModelHasAndNeeds() {
    assertThat(describe(row("fridge", "analog", "{}", NOW), false, false, NOW.minus(Duration.ofHours(3)), NOW))
        .isEqualTo("no model: 3 h of history, needs at least 24 h");
  }

  @Test
  void namesTheDetectorOfAWatchedSensor() {
    assertThat(describe(row("fridge", "analog", "{}", NOW), true, true, NOW.minus(Duration.ofDays(9)), NOW))
        .isEqualTo("watching (generic analog)");
    assertThat(describe(row("oven", "analog", "{}", NOW), true, true, NOW.minus(Duration.ofDays(9)), NOW))
        .isEqualTo("watching (oven checks)");
    assertThat(describe(row("oven", "analog", "{\"watch\": \"generic\"}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (generic analog)");
    assertThat(describe(row("door", "digital", "{}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (generic digital)");
    // The catalog reads the metadata as JSON: the flag's value in any case, and only the sensor's own key.
    assertThat(describe(row("oven", "analog", "{\"watch\": \"Generic\"}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (generic analog)");
    assertThat(describe(row("oven", "analog", "{\"gateway\": {\"watch\": \"generic\"}}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (oven checks)");
  }

  @Test
  void saysASensorOfATypeWithoutDetectorIsNotWatched() {
    assertThat(describe(row("oven", "counter", "{}", NOW), false, false, NOW.minus(Duration.ofDays(3)), NOW))
        .isEqualTo("not watched: no detector for type 'counter'");
  }

  @Test
  void reportsASilentSensorAsNotWatched() {
    Instant last = NOW.minus(Duration.ofDays(3));
    assertThat(describe(row("fridge", "analog", "{}", last), false, false, last.minus(Duration.ofDays(1)), NOW))
        .isEqualTo("not watched: no readings for 3 days");
  }

  @Test
  void saysAHistoryOfFiveHoursAndFiftyNineMinutesAsItIs() {
    // a demo's six hours of readings, one a minute, span 5 h 59 min; status said "5 h"
    Instant first = NOW.minus(Duration.ofHours(5).plusMinutes(59));
    assertThat(describe(row("oven", "analog", "{}", NOW), false, false, first, NOW))
        .isEqualTo("no model: 5 h 59 min of history, needs at least 24 h");
  }

  @Test
  void writesSpansInTheirUnitsWithoutRoundingDown() {
    assertThat(SensorStatus.span(Duration.ofSeconds(45))).isEqualTo("45 s");
    assertThat(SensorStatus.span(Duration.ofSeconds(90))).isEqualTo("1 min 30 s");
    assertThat(SensorStatus.span(Duration.ofMinutes(59).plusSeconds(59))).isEqualTo("59 min");
    assertThat(SensorStatus.span(Duration.ofHours(24))).isEqualTo("24 h");
    assertThat(SensorStatus.span(Duration.ofHours(71).plusMinutes(59))).isEqualTo("71 h 59 min");
    assertThat(SensorStatus.span(Duration.ofDays(4).plusHours(6).plusMinutes(30))).isEqualTo("4 days 6 h");
  }

  @Test
  void saysHowLongASilentSensorHasBeenSilentToTheHour() {
    Instant last = NOW.minus(Duration.ofDays(3).plusHours(23));
    assertThat(describe(row("fridge", "analog", "{}", last), false, false, last.minus(Duration.ofDays(1)), NOW))
        .isEqualTo("not watched: no readings for 3 days 23 h");
  }
}
