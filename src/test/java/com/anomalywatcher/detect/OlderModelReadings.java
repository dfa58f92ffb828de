package com.anomalywatcher.detect;

import com.anomalywatcher.model.SensorDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The readings behind the models in {@code src/test/resources/models-5a150f9}: five days of 1-minute
 * training history, then two days to score with faults in them (a spike, a held step, a swing, a
 * frozen stretch, a rough stretch, a stall, a plateau). The models were trained by the detector of
 * main at 5a150f9 (with a copy of this class); {@link OlderModelTest} checks that today's detector
 * loads them whole and scores the second part with them as with the same models saved again.
 */
final class OlderModelReadings {
  static final Instant T0 = Instant.parse("2026-03-16T00:00:00Z");
  static final int TRAINING_MINUTES = 5 * 1440;
  static final int MINUTES = 7 * 1440;

  private OlderModelReadings() {}

  static Instant at(int minute) {
    return T0.plus(Duration.ofMinutes(minute));
  }

  /** Whether a fan's switch is on: from 06:00 to 22:00 UTC. */
  static boolean switchedOn(int minute) {
    int m = minute % 1440;
    return m >= 360 && m < 1320;
  }

  /** The state of the fan switch at this minute. */
  static SwitchState fanSwitch(int minute) {
    int m = minute % 1440;
    int day = minute - m;
    Instant since = switchedOn(minute) ? at(day + 360) : at(m >= 1320 ? day + 1320 : day - 120);
    return new SwitchState(switchedOn(minute), since, at(minute));
  }

  /** All {@value #MINUTES} readings of a sensor, seeded. */
  static double[] series(SensorDescription sensor, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double min = sensor.physicalMin();
    double max = sensor.physicalMax();
    double span = max - min;
    boolean fan = sensor.category() == com.anomalywatcher.model.Category.FAN;
    double[] v = new double[MINUTES];
    for (int i = 0; i < MINUTES; i++) {
      double day = Math.sin(2 * Math.PI * (i % 1440) / 1440.0);
      double base = fan ? (switchedOn(i) ? min + 0.5 * span : min) : min + 0.3 * span * (1.2 + day) / 2;
      double noise = fan && !switchedOn(i) ? 0 : random.nextGaussian() * 0.005 * span;
      int late = i - TRAINING_MINUTES;
      if (late == 300) {
        noise += 0.3 * span; // spike
      } else if (late >= 600 && late < 700) {
        noise += 0.03 * span; // held step
      } else if (late >= 900 && late < 960) {
        noise += 0.02 * span * Math.sin(2 * Math.PI * late / 6.0); // swing
      } else if (late >= 1200 && late < 1300) {
        v[i] = v[i - 1]; // frozen
        continue;
      } else if (late >= 1500 && late < 1560) {
        noise *= 6; // rough
      } else if (late >= 1440 + 700 && late < 1440 + 720 && fan) {
        v[i] = min + 0.05 * span; // stall while on
        continue;
      } else if (late >= 1440 + 900 && late < 1440 + 960) {
        noise += 0.08 * span; // plateau
      }
      v[i] = Math.max(min, Math.min(max, base + noise));
    }
    return v;
  }
}
