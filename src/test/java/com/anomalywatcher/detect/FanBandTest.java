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
 * A fan held above its usual setting's band ({@link FanBandCheck}), on the stored readings of D1
 * seed 99's factory in Sydney: {@code fan-factory-9ff003} and its site's switch {@code
 * fanswitch-factory-dd3bb6}, 1-minute readings from 2025-12-29T00:00Z, trained on 14 days up to
 * 2026-01-12T00:00Z, restored as saved, then scored as the monitor does to 2026-01-16T00:00Z.
 * docs/accuracy-log.md, "A fan held above its setting's band".
 */
class FanBandTest {
  private static final Instant START = Instant.parse("2025-12-29T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final String FAN = "fan-factory-9ff003";
  private static final String SWITCH = "fanswitch-factory-dd3bb6";
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  private static int minute(String at) {
    return (int) Duration.between(START, Instant.parse(at)).toMinutes();
  }

  /** The fan's readings scored at or above the alert level after training. */
  private static List<StoredSeries.Alert> fanAlerts() throws IOException {
    return StoredFan.alerts(FAN, "d1/factory-9ff003-fan.csv", SWITCH,
        "d1/factory-9ff003-switch.csv", SYDNEY, START, TRAINED);
  }

  /**
   * The labelled overspeed of 13 January, 00:36–00:53 UTC: from about 702 rpm the fan reads 710.6,
   * 720.1, 720.2, 716.3 … 722 and holds 15 to 25 rpm above its usual level for 17 minutes, no step
   * large or sudden enough for the other checks (main was quiet). It alerts as an overspeed within
   * the episode, from its third level held above the band.
   */
  @Test
  void aFanHeldAboveItsBandAlertsOverspeedWithinTheEpisode() throws IOException {
    int from = minute("2026-01-13T00:36:00Z");
    int to = minute("2026-01-13T00:53:00Z");

    assertThat(fanAlerts()).as("alert-level readings of the fan after training")
        .anySatisfy(a -> {
          assertThat(a.minute()).isBetween(from + 3 * FanBandCheck.READINGS_PER_LEVEL - 1, to + 2);
          assertThat(a.detection().kind()).isEqualTo(AnomalyKind.OVERSPEED);
        });
  }

  /**
   * The look-alikes: the week's three switches to a second speed (13 January 01:29–04:05 UTC at
   * 815 rpm, 14 January 07:47–10:24 at 855, 15 January 01:37–04:27 at 490, labelled second_speed,
   * benign), each held for hours well above or below the usual band, alert nothing.
   */
  @Test
  void switchesToASecondSpeedStayQuiet() throws IOException {
    int[][] secondSpeeds = {
        {minute("2026-01-13T01:29:00Z"), minute("2026-01-13T04:06:00Z")},
        {minute("2026-01-14T07:47:00Z"), minute("2026-01-14T10:25:00Z")},
        {minute("2026-01-15T01:37:00Z"), minute("2026-01-15T04:28:00Z")}};

    assertThat(fanAlerts()).as("alert-level readings of the fan during a second speed")
        .noneSatisfy(a -> assertThat(a.minute()).satisfiesAnyOf(
            m -> assertThat(m).isBetween(secondSpeeds[0][0], secondSpeeds[0][1]),
            m -> assertThat(m).isBetween(secondSpeeds[1][0], secondSpeeds[1][1]),
            m -> assertThat(m).isBetween(secondSpeeds[2][0], secondSpeeds[2][1])));
  }
}
