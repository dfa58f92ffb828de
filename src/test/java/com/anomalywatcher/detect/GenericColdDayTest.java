package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A machine of no known kind that runs a whole day in a range its ordinary days visit only briefly
 * (an hour's dip each day, at a different hour): no reading is unseen, the day is (NAB's machine
 * temperature, 2014-01-28, in miniature).
 */
class GenericColdDayTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(10);
  private static final int PER_DAY = 144;

  @Test
  void alertsADaySpentInTheRangeOfBriefDips() {
    long seed = 20261208L;
    Random rnd = new Random(seed);
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "C", null), "press-1");
    int trainingDays = 8;
    for (int i = 0; i < trainingDays * PER_DAY; i++) {
      d.train(T0.plus(STEP.multipliedBy(i)), usual(i, rnd), null);
    }
    double best = 0;
    AnomalyKind kind = null;
    for (int i = trainingDays * PER_DAY; i < (trainingDays + 2) * PER_DAY; i++) {
      boolean coldDay = i >= (trainingDays + 1) * PER_DAY;
      double v = coldDay ? 57 + rnd.nextGaussian() : usual(i, rnd);
      Detection det = d.observe(T0.plus(STEP.multipliedBy(i)), v, null);
      if (coldDay && det.score() > best) {
        best = det.score();
        kind = det.kind();
      }
    }
    assertThat(best).as("best score on the cold day (seed %d)", seed).isGreaterThanOrEqualTo(0.7);
    assertThat(kind).isEqualTo(AnomalyKind.DRIFT);
  }

  /** A daily cycle around 80 with noise, and each day one hour's dip to about 55 at an hour that moves. */
  private static double usual(int i, Random rnd) {
    int day = i / PER_DAY;
    int slot = i % PER_DAY;
    int dipStart = (day * 37) % (PER_DAY - 6);
    if (slot >= dipStart && slot < dipStart + 6) {
      return 55 + rnd.nextGaussian();
    }
    return 80 + 8 * Math.sin(2 * Math.PI * slot / PER_DAY) + rnd.nextGaussian();
  }
}
