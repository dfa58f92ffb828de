package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fan's vibration that ends, on the stored readings of acceptance B2's commands (clean world,
 * 1-minute readings of a fan and its site's switch, trained for 7 days, then scored as the monitor
 * does). The vibration must alert; once its incident has ended (its steps stay in the short step
 * statistic for a few readings after it), nothing may be bearing wear. {@link WearCheck}'s median
 * over 20 steady readings still holds the vibration's steps for up to ten readings after its end.
 * <ul>
 *   <li>Seed 4242, clock 2026-11-18T16:20Z: {@code fan-restaurant-97dde2}'s vibration 16:22–16:40
 *       (±70 rpm every reading around 665 rpm), then steady at 663–670 rpm; "665 rpm — bearing wear"
 *       alerted at 16:47 until the latest steps had to be restless too.
 *   <li>Seed 94020, clock 2026-11-20T15:15Z: {@code fan-supermarket-ee6649}'s vibration 07:20–07:37
 *       (±90 rpm around 610 rpm), then a sag of a few rpm (615 → 604 → 601 in steps of 4–6); "604 rpm
 *       — bearing wear" alerted at 07:49 while the latest steps were only half restless enough.
 * </ul>
 */
class VibrationEndTest {
  private static final int TRAINED = 7 * 1440;

  /** A recorded case: resources, ids, the readings' start and the labelled vibration's minutes from it. */
  record Case(String fanCsv, String switchCsv, String fan, String fanSwitch, String site, Instant start,
      int vibration, int vibrationEnd) {
    @Override
    public String toString() {
      return fan;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("b2/fan-restaurant-vibration.csv", "b2/fanswitch-restaurant-vibration.csv", "fan-restaurant-97dde2",
            "fanswitch-restaurant-f8b69b", "restaurant", Instant.parse("2026-11-10T16:20:00Z"), TRAINED + 2, TRAINED + 20),
        // 2026-11-20 07:20 and 07:37 are 7 days and 965 / 982 minutes after the start
        new Case("b2/fan-supermarket-vibration.csv", "b2/fanswitch-supermarket-vibration.csv", "fan-supermarket-ee6649",
            "fanswitch-supermarket-17f16e", "supermarket", Instant.parse("2026-11-12T15:15:00Z"), TRAINED + 965,
            TRAINED + 982));
  }

  /** The fan's test-day detections, minute by minute. */
  private static Detection[] testDay(Case c) throws IOException {
    List<double[]> fan = StoredSeries.read(c.fanCsv());
    List<double[]> fanSwitch = StoredSeries.read(c.switchCsv());
    FleetDetector fleet = new FleetDetector();
    fleet.add(c.fanSwitch(), c.site(), SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), c.fanSwitch()));
    fleet.add(c.fan(), c.site(), SensorDetector.fresh(SensorKind.FAN_SPEED.description(), c.fan()));
    Detection[] out = new Detection[1440];
    for (int i = 0; i < fan.size(); i++) {
      int minute = (int) fan.get(i)[0];
      assertThat((int) fanSwitch.get(i)[0]).isEqualTo(minute);
      Instant at = c.start().plusSeconds(60L * minute);
      if (minute < TRAINED) {
        fleet.train(c.fanSwitch(), at, fanSwitch.get(i)[1]);
        fleet.train(c.fan(), at, fan.get(i)[1]);
        continue;
      }
      if (minute == TRAINED) {
        // as monitor does: each detector restored from its saved state
        fleet.add(c.fanSwitch(), c.site(),
            StoredSeries.restoredAsSaved(fleet.detector(c.fanSwitch()), c.fanSwitch(), c.start(), at));
        fleet.add(c.fan(), c.site(), StoredSeries.restoredAsSaved(fleet.detector(c.fan()), c.fan(), c.start(), at));
      }
      fleet.observe(c.fanSwitch(), at, fanSwitch.get(i)[1]);
      out[minute - TRAINED] = fleet.observe(c.fan(), at, fan.get(i)[1]);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theVibrationAlertsAndItsEndIsNoBearingWear(Case c) throws IOException {
    Detection[] day = testDay(c);

    double vibration = 0;
    for (int m = c.vibration(); m < c.vibrationEnd(); m++) {
      vibration = Math.max(vibration, day[m - TRAINED].score());
    }
    assertThat(vibration).isGreaterThanOrEqualTo(0.7);
    // from the vibration's incident's end (the first quiet reading after it: the steps of the
    // vibration stay in the short step statistic for a few readings) to the end of the day
    int quiet = c.vibrationEnd() - TRAINED;
    while (day[quiet].score() >= 0.7) {
      quiet++;
    }
    for (int m = quiet; m < day.length; m++) {
      assertThat(day[m].kind() == AnomalyKind.BEARING_WEAR && day[m].score() >= 0.7)
          .as("bearing wear at minute %d, score %.2f", m, day[m].score()).isFalse();
    }
  }
}
