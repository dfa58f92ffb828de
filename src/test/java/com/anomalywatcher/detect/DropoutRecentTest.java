package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * An ordinary dropout keeps the readings before it as the sensor's recent past ({@link AnalogCheck}'s
 * {@code isUsualDropout}). On the stored readings of D1 seed 99's {@code pm-restaurant-9b37aa}
 * (realistic world, Europe/Berlin; 1-minute readings from 2025-12-29T00:00Z, trained for 14 days
 * as D1 trains, then scored as the monitor does) a dust storm climbs from 16 to 31 µg/m³ over the
 * eight readings from 04:43 UTC on 2026-01-18; the three readings 04:51–04:53 are lost, a dropout
 * as short as the sensor's usual ones. The detector forgot the climb at that gap, and the storm
 * opened as a pollution spike. The look-alike: the same storm made in one reading (every reading of
 * the climb at the height it reached) across the same dropout is still a step.
 */
class DropoutRecentTest {
  private static final Instant START = Instant.parse("2025-12-29T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 04:42 on 2026-01-18, the dust storm's first reading, and to its end at 05:54. */
  private static final int STORM = 20 * 1440 + 4 * 60 + 42;
  private static final int STORM_END = STORM + 72;
  private static final SensorDescription PM = StoredSeries.particulateIn("Europe/Berlin");

  /** The first reading scored at the alert level in the storm, readings changed by {@code change}. */
  private static StoredSeries.Alert opening(DoubleBinaryOperator change) throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(PM, "pm-restaurant-9b37aa"), "pm-restaurant-9b37aa",
        "d1/pm-restaurant-dust-storm-dropout.csv", START, TRAINED, 0.7, change).stream()
        .filter(a -> a.minute() >= STORM && a.minute() <= STORM_END).findFirst().orElseThrow();
  }

  @Test
  void aClimbBeforeAnOrdinaryDropoutIsStillSeenAfterIt() throws IOException {
    assertThat(opening((m, v) -> v).detection().kind()).isEqualTo(AnomalyKind.DUST_STORM);
  }

  @Test
  void aJumpBeforeTheSameDropoutIsStillAStep() throws IOException {
    // from 04:43 to 04:50, every reading of the climb at the height it reached by 04:50 (31.0)
    DoubleBinaryOperator jump = (m, v) -> m > STORM && m <= STORM + 8 ? 31.0 + 0.3 * (m % 3 - 1) : v;
    assertThat(opening(jump).detection().kind()).isEqualTo(AnomalyKind.POLLUTION_SPIKE);
  }
}
