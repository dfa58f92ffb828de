package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A dust storm on a restaurant's particulate sensor whose background wanders far between cooking
 * bursts is no background rise ({@link BackgroundRiseLookAlike}): on the stored readings of D1 seed
 * 1234's {@code pm-restaurant-85365f} (realistic world, Europe/Berlin; 1-minute readings from
 * 2026-03-11T00:00Z, trained for 14 days as D1 trains, then scored as the monitor does), a dust
 * storm ramps from 23 to 41 µg/m³ from 16:35 UTC on 2026-03-26 (steepest 9.5 over 5 readings) and
 * holds; {@link RisenPlateauCheck} finds it (a held rise of 15.3–16.7). Its typical training day's
 * background floor (the lowest of 45 readings) rose 6.6 over 40 readings and 3.35 over 5: the storm
 * is 2.3 times as high and 2.8 times as steep, and alerts.
 */
class DustStormOverBackgroundTest {
  private static final Instant START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 16:35 on 2026-03-26, the storm's labelled start. */
  private static final int STORM = TRAINED + 1440 + 16 * 60 + 35;
  private static final SensorDescription PM = StoredSeries.particulateIn("Europe/Berlin");

  @Test
  void aDustStormOverAWanderingBackgroundStillAlerts() throws IOException {
    assertThat(StoredSeries.highestScore(SensorDetector.fresh(PM, "pm-restaurant-85365f"), "pm-restaurant-85365f",
        "d1/pm-restaurant-dust-storm.csv", START, TRAINED, STORM, 0, 78, (m, v) -> v))
        .isGreaterThanOrEqualTo(0.7);
  }
}
