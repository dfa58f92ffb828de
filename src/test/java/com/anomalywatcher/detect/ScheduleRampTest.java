package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A heater's evening cool-down that starts earlier than its week of history knows at that time
 * ({@link ScheduleRamp}), on the stored readings of acceptance B2 (clean world, seed 1234, clock
 * 2026-11-27T02:02Z: {@code heater-restaurant-4f5993}, 1-minute readings from 2026-11-19T02:02Z,
 * trained up to 2026-11-26T02:02Z, then scored as the monitor does). Its cool-down starts at 22:42
 * and used to alert as a drift at 22:45 (expected 64.2–68 °C); no reading of it alerts now. A drop
 * of 6 °C from the same level at the same time that holds its level still alerts.
 */
class ScheduleRampTest {
  private static final Instant START = Instant.parse("2026-11-19T02:02:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 22:42 on 2026-11-26, where the cool-down starts. */
  private static final int COOL = TRAINED + 20 * 60 + 40;

  private static List<double[]> readings() throws IOException {
    return StoredSeries.read("b2/heater-restaurant-cooldown.csv");
  }

  /** The highest score from 22:30 to 23:59 of the test day, the readings from {@link #COOL} on replaced by {@code dropTo} when finite. */
  private static double highestScore(double dropTo) throws IOException {
    SensorDetector d = SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), "heater-restaurant-4f5993");
    List<double[]> rs = readings();
    boolean restored = false;
    double highest = 0;
    int k = 0;
    for (double[] r : rs) {
      int minute = (int) r[0];
      Instant at = START.plusSeconds(60L * minute);
      if (minute < TRAINED) {
        d.train(at, r[1], null);
        continue;
      }
      if (!restored) {
        d = StoredSeries.restoredAsSaved(d, "heater-restaurant-4f5993", START, at);
        restored = true;
      }
      double v = Double.isFinite(dropTo) && minute >= COOL ? dropTo + 0.1 * (k++ % 3 - 1) : r[1];
      double s = d.observe(at, v, null).score();
      if (minute >= COOL - 12 && minute < COOL + 77) {
        highest = Math.max(highest, s);
      }
    }
    return highest;
  }

  @Test
  void aCoolDownStartingEarlierThanTheHistoryKnowsDoesNotAlert() throws IOException {
    assertThat(highestScore(Double.NaN)).isLessThan(0.7);
  }

  @Test
  void aDropThatHoldsItsLevelAtThatTimeStillAlerts() throws IOException {
    assertThat(highestScore(65.7 - 6)).isGreaterThanOrEqualTo(0.7);
  }
}
