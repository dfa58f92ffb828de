package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A particulate rise is named at the alert's opening by how it was made. On the stored readings of
 * D1 seed 1234's {@code pm-restaurant-e15a45} (realistic world, Asia/Kolkata; 1-minute readings
 * from 2026-03-11T00:00Z, trained for 14 days as D1 trains, then scored as the monitor does) a dust
 * storm climbs from 21 to 43 µg/m³ over the eight readings from 18:55 UTC on 2026-03-26, no one of
 * them more than 3.7 µg/m³: it alerted as a pollution spike at 19:03. A calibration error the same
 * day (02:11) jumps 24.7 → 33.2 in one reading and holds: a step, which stays named as one. The same
 * dust storm made in one reading is a step too.
 */
class DustStormNamingTest {
  private static final Instant START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 18:55 on 2026-03-26, the dust storm's first reading, and to its end at 20:15. */
  private static final int STORM = TRAINED + 1440 + 18 * 60 + 55;
  private static final int STORM_END = STORM + 80;
  /** Minutes from START to 02:11 on 2026-03-26, the calibration error's jump, and to its end at 02:35. */
  private static final int STEP = TRAINED + 1440 + 2 * 60 + 11;
  private static final int STEP_END = STEP + 24;
  private static final SensorDescription PM = StoredSeries.particulateIn("Asia/Kolkata");

  /** The first reading scored at the alert level from {@code from} to {@code to}, readings changed by {@code change}. */
  private static StoredSeries.Alert opening(int from, int to, DoubleBinaryOperator change) throws IOException {
    List<StoredSeries.Alert> alerts = StoredSeries.alerts(SensorDetector.fresh(PM, "pm-restaurant-e15a45"),
        "pm-restaurant-e15a45", "d1/pm-restaurant-dust-storm.csv", START, TRAINED, 0.7, change);
    return alerts.stream().filter(a -> a.minute() >= from && a.minute() <= to).findFirst().orElseThrow();
  }

  @Test
  void aRiseSpreadOverSeveralReadingsOpensAsADustStorm() throws IOException {
    assertThat(opening(STORM, STORM_END, (m, v) -> v).detection().kind()).isEqualTo(AnomalyKind.DUST_STORM);
  }

  @Test
  void aHeldJumpInOneReadingOpensAsAPollutionSpike() throws IOException {
    assertThat(opening(STEP, STEP_END, (m, v) -> v).detection().kind()).isEqualTo(AnomalyKind.POLLUTION_SPIKE);
  }

  @Test
  void theDustStormMadeInOneReadingIsAStep() throws IOException {
    // from 18:55 on, every reading of the climb at the height the storm reached at 19:03 (43.4)
    DoubleBinaryOperator jump = (m, v) -> m >= STORM && m < STORM + 8 ? 43.4 + 0.3 * (m % 3 - 1) : v;
    assertThat(opening(STORM, STORM_END, jump).detection().kind()).isEqualTo(AnomalyKind.POLLUTION_SPIKE);
  }
}
