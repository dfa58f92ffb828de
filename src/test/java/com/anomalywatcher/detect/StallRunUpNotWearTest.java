package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stalled rotor and its run-up are no worn bearing, on the stored readings of D1 seed 8181's
 * {@code fan-restaurant-94806d} and its site's switch {@code fanswitch-restaurant-1e9501} (a holdout
 * set: the case was found there, nothing was tuned on it): 1-minute readings from 2026-04-06T00:00Z,
 * trained on 14 days (as D1 trains), restored as saved, then scored as the monitor does to 2026-04-21T16:00Z. On 21
 * April the switched-on fan stalls at 12:45 (8–21 rpm, labelled stall to 13:06) and runs up 394.1 →
 * 530.6 → 603 rpm at 13:04–13:06. The wear check took the stall for steady running (switched on for
 * longer than a spin-up): the stalled rotor's jitter filled its 20-reading median, and the run-up
 * scored at the alert level as {@code bearing_wear} (kept the stall's alert open to 13:13; before the
 * stall was held open it opened a second alert of that kind).
 */
class StallRunUpNotWearTest {
  private static final Instant START = Instant.parse("2026-04-06T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int RUN_UP = minute("2026-04-21T13:04:00Z");

  private static int minute(String at) {
    return (int) Duration.between(START, Instant.parse(at)).toMinutes();
  }

  @Test
  void theRunUpAfterAStallScoresNoBearingWear() throws IOException {
    List<StoredSeries.Alert> alerts = StoredFan.alerts("fan-restaurant-94806d", "d1/restaurant-94806d-fan.csv",
        "fanswitch-restaurant-1e9501", "d1/restaurant-94806d-switch.csv", ZoneId.of("Asia/Tokyo"), START, TRAINED);

    assertThat(alerts).as("the stall's first reading").anySatisfy(a -> {
      assertThat(a.minute()).isEqualTo(minute("2026-04-21T12:45:00Z"));
      assertThat(a.detection().kind()).isEqualTo(AnomalyKind.STALL);
    });
    assertThat(alerts).as("alert-level readings from the run-up on").filteredOn(a -> a.minute() >= RUN_UP).isEmpty();
    assertThat(alerts).as("alert-level readings named bearing wear")
        .filteredOn(a -> a.detection().kind() == AnomalyKind.BEARING_WEAR).isEmpty();
  }
}
