package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dust storm's front whose top falls for a few readings and then holds is no cooking burst's decay
 * ({@link BurstLookAlike}: only a build-up's top stays explained after it stops falling reading by
 * reading). On the stored readings of D1 seed 99's {@code pm-supermarket-6e9f3e} (realistic world,
 * Europe/Berlin; 1-minute readings from 2025-12-29T00:00Z, trained for 14 days as D1 trains, then
 * scored as the monitor does): the labelled storm of 17:45–18:12 UTC on 2026-01-14 rises 10.8 → 26.7
 * µg/m³ over ten readings, falls 26.0, 25.9, 23.4 and holds 23–26.5. It alerts as a dust storm at
 * its thirteenth reading (24.6, the first not lower than the one before).
 */
class DustStormTopTest {
  private static final Instant START = Instant.parse("2025-12-29T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  /** Minutes from START to 17:45 on 2026-01-14, the storm's first reading. */
  private static final int STORM = TRAINED + 2 * 1440 + 17 * 60 + 45;
  private static final SensorDescription PM = StoredSeries.particulateIn("Europe/Berlin");

  @Test
  void aDustStormsTopThatHoldsAlertsAsADustStormWithinThirteenReadings() throws IOException {
    List<StoredSeries.Alert> alerts = StoredSeries.alerts(SensorDetector.fresh(PM, "pm-supermarket-6e9f3e"),
        "pm-supermarket-6e9f3e", "d1/pm-supermarket-dust-storm-top.csv", START, TRAINED, 0.7, (m, v) -> v);
    StoredSeries.Alert first = alerts.stream().filter(a -> a.minute() >= STORM).findFirst().orElseThrow();
    assertThat(first.minute() - STORM).isLessThanOrEqualTo(13);
    assertThat(first.detection().kind()).isEqualTo(AnomalyKind.DUST_STORM);
  }
}
