package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The end of a slow drift ({@link DriftEndCheck}) on stored readings of D1, trained on 14 days and
 * then scored as the monitor does for a week.
 *
 * <p>Seed 1234's {@code oven-restaurant-33ab4c} (Europe/Berlin, readings from 2026-03-11T00:00Z):
 * its labelled drift 2026-03-25 13:49–17:46 UTC takes the oven, holding about 200 °C, 10 °C down over
 * four hours, then steps back up 6.3 °C at 17:45 (191.7 → 198.0 → 201.3). Every other check stays
 * quiet there on main (the evening's door openings set its tolerance to ±35 °C). Its test week also
 * holds 115 door openings, two setpoint changes and a cleaning. Seed 7's
 * {@code heater-restaurant-9997b2} (the recording of {@code UnseenLevelCheckTest}): its drift
 * 2026-10-21 02:05–05:23 UTC creeps +3.6 °C and ends with a step of −2.5 °C at 05:22, which the
 * one-step check already finds; its week holds a setpoint raised for twelve hours, a setpoint lowered
 * and a closed Monday, none of them a drift's end.
 */
class DriftEndCheckTest {
  private static final String OVEN = "oven-restaurant-33ab4c";
  private static final String OVEN_RESOURCE = "d1/oven-restaurant-drift.csv";
  private static final Instant OVEN_START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int OVEN_DRIFT_FROM = TRAINED + 13 * 60 + 49;
  private static final int OVEN_STEP = TRAINED + 17 * 60 + 45;
  /** The episode's end: an alert counts up to two readings later. */
  private static final int OVEN_DRIFT_TO = TRAINED + 17 * 60 + 46;
  private static final double OVEN_RATE = 0.0425;

  private static final String HEATER = "heater-restaurant-9997b2";
  private static final String HEATER_RESOURCE = "d1/heater-restaurant-setpoint.csv";
  private static final Instant HEATER_START = Instant.parse("2026-10-06T00:00:00Z");
  private static final int HEATER_DRIFT_FROM = 15 * 1440 + 2 * 60 + 5;
  private static final int HEATER_DRIFT_TO = 15 * 1440 + 5 * 60 + 23;

  private static List<StoredSeries.Alert> ovenAlerts(DoubleBinaryOperator change) throws IOException {
    SensorDescription kind = SensorKind.OVEN_TEMPERATURE.description();
    SensorDescription oven = new SensorDescription(kind.category(), kind.type(), kind.unit(), kind.physicalMin(),
        kind.physicalMax(), ZoneId.of("Europe/Berlin"));
    return StoredSeries.alerts(SensorDetector.fresh(oven, OVEN), OVEN, OVEN_RESOURCE, OVEN_START, TRAINED, 0.7, change);
  }

  private static List<StoredSeries.Alert> heaterAlerts() throws IOException {
    return StoredSeries.alerts(SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), HEATER), HEATER,
        HEATER_RESOURCE, HEATER_START, TRAINED, 0.7, (minute, value) -> value);
  }

  /** An alert of this check: a drift stated by the step back after the creep. */
  private static boolean isDriftEnd(StoredSeries.Alert a) {
    Detection d = a.detection();
    return d.kind() == AnomalyKind.DRIFT && d.detail() != null && d.detail().startsWith("back in one reading");
  }

  @Test
  void anOvensDriftAlertsOnTheReadingAfterItsStepBackAndNothingElseOfTheWeekDoes() throws IOException {
    List<StoredSeries.Alert> found = ovenAlerts((minute, value) -> value);
    assertThat(found).filteredOn(DriftEndCheckTest::isDriftEnd).singleElement().satisfies(a -> {
      assertThat(a.minute()).isEqualTo(OVEN_STEP + 1).isLessThan(OVEN_DRIFT_TO + 2);
      assertThat(a.detection().detail()).isEqualTo(
          "back in one reading from 191.7 to 198.0 after creeping away from 198.9 over 2 h 48 min");
    });
    // before this check nothing alerted during the drift or in its grace; since EnvelopeCreepCheck
    // (2026-12-08) the creep itself is found while the thermostat still cycles: a drift too
    assertThat(found).filteredOn(a -> a.minute() >= OVEN_DRIFT_FROM && a.minute() < OVEN_DRIFT_TO + 2)
        .allSatisfy(a -> assertThat(a.detection().kind()).isEqualTo(AnomalyKind.DRIFT));
  }

  @Test
  void theSameStepWithoutTheSlowCreepBeforeItOpensNothing() throws IOException {
    // the drift taken out of the readings before the step: the oven held its level, then stepped
    List<StoredSeries.Alert> found = ovenAlerts((minute, value) -> minute >= OVEN_DRIFT_FROM && minute < OVEN_STEP
        ? value + OVEN_RATE * (minute - OVEN_DRIFT_FROM + 1) : value);
    assertThat(found).noneSatisfy(a -> assertThat(isDriftEnd(a)).isTrue());
  }

  @Test
  void aHeatersSetpointChangeAndClosedMondayAreNoDriftEnds() throws IOException {
    List<StoredSeries.Alert> found = heaterAlerts();
    // its drift's end is found (by the one-step check's onset, which scores higher there)
    assertThat(found).anySatisfy(a -> assertThat(a.minute()).isGreaterThan(HEATER_DRIFT_FROM)
        .isLessThan(HEATER_DRIFT_TO + 2));
    assertThat(found).noneSatisfy(a -> assertThat(isDriftEnd(a)).isTrue());
  }
}
