package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A single night's light of a lamp's history deeper into the night than its cleaners come
 * ({@link LampSchedule#litOnceDeepAtNight}), on the stored readings of two lamps of D1 seed 1234
 * (1-minute readings from 2026-03-11T00:00Z, trained on 14 days up to 2026-03-25T00:00Z, then scored
 * as the monitor does to 2026-04-01T00:00Z). docs/accuracy-log.md, "A single night's light deeper than
 * the cleaners come", 2026-12-04, stuck.
 */
class DeepNightLightTest {
  private static final Instant START = Instant.parse("2026-03-11T00:00:00Z");
  private static final int TRAINED = 14 * 1440;

  private static SensorDescription lampIn(String zone) {
    return new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, ZoneId.of(zone));
  }

  private static int minute(String at) {
    return (int) Duration.between(START, Instant.parse(at)).toMinutes();
  }

  private static List<StoredSeries.Alert> stuckOnAlerts(String id, String zone, String resource) throws IOException {
    List<StoredSeries.Alert> alerts = StoredSeries.alerts(SensorDetector.fresh(lampIn(zone), id), id, resource, START,
        TRAINED, 0.7, (minute, value) -> value);
    return alerts.stream().filter(a -> a.detection().kind() == AnomalyKind.STUCK_ON).toList();
  }

  /**
   * {@code lamp-supermarket-3a2be4} (New York; open about 06:45–21:15, its cleaners' light recurring
   * at 03:10–04:30 and 22:40–23:20) flickered once in its history at 01:51–02:18 (Friday 20 March),
   * and no other night of the history lit it within hours of that. Stuck on at 01:48 local on
   * Saturday 28 March (05:48–06:08 UTC, labelled stuck_on): the flicker's light on its own day type
   * kept the hour usual, and main was quiet. That light lies deeper into the night than the
   * cleaners' recurring light by more than their hour of wander: now stuck on from the second
   * reading. Its night cleanings of the week (Saturday 04:05, Monday 23:23, Tuesday 04:20 local) stay quiet.
   */
  @Test
  void aLampStuckOnWhereOnlyOneNightOfItsHistoryWasLitDeeperThanItsCleanersComeIsStuckOn() throws IOException {
    List<StoredSeries.Alert> stuckOn = stuckOnAlerts("lamp-supermarket-3a2be4", "America/New_York",
        "d1/supermarket-3a2be4-night.csv");
    int from = minute("2026-03-28T05:48:00Z");
    int to = minute("2026-03-28T06:08:00Z");

    assertThat(stuckOn).as("stuck-on alerts in the labelled episode").anySatisfy(
        a -> assertThat(a.minute()).isBetween(from, from + 2));
    assertThat(stuckOn).as("stuck-on alerts, all of them in the episode").allSatisfy(
        a -> assertThat(a.minute()).isBetween(from, to));
  }

  /**
   * The look-alike: {@code lamp-supermarket-a83d1b} (Berlin; open about 06:40–21:20, cleaners'
   * light recurring at 03:20–04:50) was lit at night on one date only at 22:50–23:20 (Monday 23
   * March, a cleaning), 1.5 hours after closing: within the cleaners' reach, so its cleanings at
   * that hour in the week (Wednesday 23:18, Thursday 22:45 local) stay visits, and so does the
   * cleaning of Monday 30 March at 03:20, about 20 minutes deeper than the history's recurring light
   * (within the cleaners' hour of wander). Its stuck-on alerts are the labelled ones only: Sunday
   * 29 March 23:43 local (21:43–22:20 UTC), found as on main; the one at 04:05 (02:05 UTC) lies in
   * the cleaners' window and stays missed.
   */
  @Test
  void nightLightOnceInTheHistoryWithinTheCleanersReachStaysAVisit() throws IOException {
    List<StoredSeries.Alert> stuckOn = stuckOnAlerts("lamp-supermarket-a83d1b", "Europe/Berlin",
        "d1/supermarket-a83d1b-night.csv");
    int from = minute("2026-03-29T21:43:00Z");
    int to = minute("2026-03-29T22:20:00Z");

    assertThat(stuckOn).as("the labelled stuck-on of Sunday night").anySatisfy(
        a -> assertThat(a.minute()).isBetween(from, from + 2));
    assertThat(stuckOn).as("stuck-on alerts, all of them in the labelled episode").allSatisfy(
        a -> assertThat(a.minute()).isBetween(from, to));
  }

  /** The distance to the nearest slot that is not night, around the clock. */
  @Test
  void depthsCountSlotsToTheNearestSlotThatIsNotNightAroundTheClock() {
    boolean[] night = {true, true, false, false, true, true, true, true};
    assertThat(LitDates.depths(night)).containsExactly(2, 1, 0, 0, 1, 2, 3, 3);
    assertThat(LitDates.depths(new boolean[] {true, true})).containsExactly(2, 2);
  }
}
