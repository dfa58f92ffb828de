package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fan's vibration that ends, on the stored readings of acceptance B2's commands (clean world, seed
 * 4242, clock 2026-11-18T16:20Z: {@code fan-restaurant-97dde2} and its site's switch, 1-minute
 * readings from 2026-11-10T16:20Z, trained for 7 days, then scored as the monitor does). The test
 * day opens with a labelled vibration, 16:22–16:40 (swings of ±70 rpm around 665 rpm every reading),
 * then the fan runs steady at 663–670 rpm. {@link WearCheck}'s median over 20 steady readings still
 * held the vibration's steps, and "665 rpm — bearing wear" alerted at 16:47, seven minutes after the
 * vibration ended. The vibration must alert; nothing may after it.
 */
class VibrationEndTest {
  private static final Instant START = Instant.parse("2026-11-10T16:20:00Z");
  private static final int TRAINED = 7 * 1440;
  private static final String SWITCH = "fanswitch-restaurant-f8b69b";
  private static final String FAN = "fan-restaurant-97dde2";
  /** Minutes from START to 16:22 and to 16:40 on 2026-11-17: the labelled vibration. */
  private static final int VIBRATION = TRAINED + 2;
  private static final int VIBRATION_END = TRAINED + 20;

  /** The fan's test-day detections, minute by minute. */
  private static Detection[] testDay() throws IOException {
    List<double[]> fan = StoredSeries.read("b2/fan-restaurant-vibration.csv");
    List<double[]> fanSwitch = StoredSeries.read("b2/fanswitch-restaurant-vibration.csv");
    FleetDetector fleet = new FleetDetector();
    fleet.add(SWITCH, "restaurant", SensorDetector.fresh(SensorKind.FAN_SWITCH.description(), SWITCH));
    fleet.add(FAN, "restaurant", SensorDetector.fresh(SensorKind.FAN_SPEED.description(), FAN));
    Detection[] out = new Detection[1440];
    for (int i = 0; i < fan.size(); i++) {
      int minute = (int) fan.get(i)[0];
      assertThat((int) fanSwitch.get(i)[0]).isEqualTo(minute);
      Instant at = START.plusSeconds(60L * minute);
      if (minute < TRAINED) {
        fleet.train(SWITCH, at, fanSwitch.get(i)[1]);
        fleet.train(FAN, at, fan.get(i)[1]);
        continue;
      }
      if (minute == TRAINED) {
        // as monitor does: each detector restored from its saved state
        fleet.add(SWITCH, "restaurant", StoredSeries.restoredAsSaved(fleet.detector(SWITCH), SWITCH, START, at));
        fleet.add(FAN, "restaurant", StoredSeries.restoredAsSaved(fleet.detector(FAN), FAN, START, at));
      }
      fleet.observe(SWITCH, at, fanSwitch.get(i)[1]);
      out[minute - TRAINED] = fleet.observe(FAN, at, fan.get(i)[1]);
    }
    return out;
  }

  @Test
  void theVibrationAlertsAndItsEndIsNoBearingWear() throws IOException {
    Detection[] day = testDay();

    double vibration = 0;
    for (int m = VIBRATION; m < VIBRATION_END; m++) {
      vibration = Math.max(vibration, day[m - TRAINED].score());
    }
    assertThat(vibration).isGreaterThanOrEqualTo(0.7);
    // from two readings after its end (the evaluation's grace) to the end of the day
    for (int m = VIBRATION_END + 2 - TRAINED; m < day.length; m++) {
      assertThat(day[m].kind() == AnomalyKind.BEARING_WEAR && day[m].score() >= 0.7)
          .as("bearing wear at minute %d, score %.2f", m, day[m].score()).isFalse();
    }
  }
}
