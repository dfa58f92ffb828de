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
 * A fan switched off whose coasting rotor speeds up again ({@link FanRest}), on the stored readings
 * of D1 seed 2718's warehouse in Sydney: {@code fan-warehouse-41bdab} and its site's switch {@code
 * fanswitch-warehouse-7dd710}, 1-minute readings from 2026-07-27T00:00Z, trained on 14 days up to
 * 2026-08-10T00:00Z, restored as saved, then scored as the monitor does to 2026-08-12T09:00Z.
 * docs/accuracy-log.md, "A coasting fan that speeds up again", 2026-12-05, spike.
 */
class CoastingRotorTest {
  private static final Instant START = Instant.parse("2026-07-27T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final String FAN = "fan-warehouse-41bdab";
  private static final String SWITCH = "fanswitch-warehouse-7dd710";
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  private static int minute(String at) {
    return (int) Duration.between(START, Instant.parse(at)).toMinutes();
  }

  /** The fan's readings scored at or above the alert level after training, as minutes. */
  private static List<Integer> fanAlerts() throws IOException {
    return alertReadings().stream().map(StoredSeries.Alert::minute).toList();
  }

  private static List<StoredSeries.Alert> alertReadings() throws IOException {
    return StoredFan.alerts(FAN, "d1/warehouse-41bdab-fan.csv", SWITCH,
        "d1/warehouse-41bdab-switch.csv", SYDNEY, START, TRAINED);
  }

  /**
   * Switched off at 17:16 local on 12 August (07:16 UTC), the rotor coasts 702, 470, 312 … 13, 8
   * rpm, then reads 20.6, 18.6, 17.6, 16.6, 15.6, 15.6 and 1 (07:28–07:34 UTC, labelled spike): a
   * rotor with no power behind it never speeds up. Main was quiet (the rest rule waits for the
   * bottom of the range); now it alerts on the second reading above the lowest.
   */
  @Test
  void aSwitchedOffFanThatSpeedsUpWhileCoastingAlertsOnItsSecondReading() throws IOException {
    int from = minute("2026-08-12T07:28:00Z");

    assertThat(fanAlerts()).as("alert-level readings of the fan after training")
        .anySatisfy(m -> assertThat(m).isBetween(from + 1, from + 2));
  }

  /**
   * The alert names what the reading did, a rise above where a switched-off fan should be: spike,
   * as labelled. It said "18.6 rpm at 17:29 Wed (local), expected 0 rpm — stall": a kind for a fan
   * that will not run, on a fan that should not run and turns.
   */
  @Test
  void aSwitchedOffFanThatSpeedsUpIsNamedASpikeNotAStall() throws IOException {
    int from = minute("2026-08-12T07:28:00Z");

    assertThat(alertReadings()).filteredOn(a -> a.minute() > from && a.minute() <= from + 2).isNotEmpty()
        .allSatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.SPIKE));
  }

  /**
   * The look-alike: every other switch off of the scored days (10 and 11 August, and the morning
   * of the 12th) is an ordinary spin-down from about 700 rpm to rest, read at every minute while
   * the rotor slows; none of those readings alerts, nor any other of the fan's readings outside
   * the labelled spike.
   */
  @Test
  void ordinarySpinDownsToRestStayQuiet() throws IOException {
    int from = minute("2026-08-12T07:28:00Z");
    int to = minute("2026-08-12T07:36:00Z");

    assertThat(fanAlerts()).as("alert-level readings of the fan outside the labelled spike")
        .allSatisfy(m -> assertThat(m).isBetween(from, to));
  }
}
