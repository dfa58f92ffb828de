package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorStateTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static SensorRow row(String category, String type, String metadata, Instant last) {
    return new SensorRow("s-1", type, category, "°C", "plant", metadata, last);
  }

  @Test
  void saysHowMuchHistoryASensorWithoutModelHasAndNeeds() {
    assertThat(SensorState.describe(row("fridge", "analog", "{}", NOW), false, false, NOW.minus(Duration.ofHours(3)), NOW))
        .isEqualTo("no model: 3 h of history, needs at least 24 h");
  }

  @Test
  void namesTheDetectorOfAWatchedSensor() {
    assertThat(SensorState.describe(row("fridge", "analog", "{}", NOW), true, true, NOW.minus(Duration.ofDays(9)), NOW))
        .isEqualTo("watching (generic analog)");
    assertThat(SensorState.describe(row("oven", "analog", "{}", NOW), true, true, NOW.minus(Duration.ofDays(9)), NOW))
        .isEqualTo("watching (oven checks)");
    assertThat(SensorState.describe(row("oven", "analog", "{\"watch\": \"generic\"}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (generic analog)");
    assertThat(SensorState.describe(row("door", "digital", "{}", NOW), true, true, NOW, NOW))
        .isEqualTo("watching (generic digital)");
  }

  @Test
  void reportsASilentSensorAsNotWatched() {
    Instant last = NOW.minus(Duration.ofDays(3));
    assertThat(SensorState.describe(row("fridge", "analog", "{}", last), false, false, last.minus(Duration.ofDays(1)), NOW))
        .isEqualTo("not watched: no readings for 3 days");
  }
}
