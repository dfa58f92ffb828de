package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fan vibration check: fires on a rotor that jitters, stays quiet on a fan changing speed. */
class RoughnessCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final double FLOOR = 6;

  private static RoughnessCheck trainedOnSteadyRunning(Random r) {
    RoughnessCheck c = new RoughnessCheck(new ToleranceProfile(new DayClock(ZoneOffset.UTC)));
    for (int i = 0; i < 14 * 1440; i++) {
      c.observe(T0.plus(Duration.ofMinutes(i)), 660 + 4 * r.nextGaussian(), true);
    }
    return c;
  }

  private static double worstRatio(RoughnessCheck c, Instant from, double[] values) {
    double worst = 0;
    for (int i = 0; i < values.length; i++) {
      Instant at = from.plus(Duration.ofMinutes(i));
      worst = Math.max(worst, c.ratio(at, c.observe(at, values[i], false), FLOOR));
    }
    return worst;
  }

  @Test
  void aRotorThatJittersIsRestless() {
    Random r = new Random(3);
    RoughnessCheck c = trainedOnSteadyRunning(r);
    Instant from = T0.plus(Duration.ofDays(14));
    double[] values = new double[20];
    for (int i = 0; i < values.length; i++) {
      values[i] = 660 + (i % 2 == 0 ? 25 : -25) + 4 * r.nextGaussian();
    }
    assertThat(worstRatio(c, from, values)).isGreaterThanOrEqualTo(RoughnessCheck.RATIO);
  }

  @Test
  void aFanRunningUpToAnotherSpeedIsNotRestless() {
    Random r = new Random(4);
    RoughnessCheck c = trainedOnSteadyRunning(r);
    Instant from = T0.plus(Duration.ofDays(14));
    // a second speed ends: from 420 rpm back up to 660 with a motor's exponential run-up
    double[] values = new double[30];
    for (int i = 0; i < values.length; i++) {
      double level = i < 8 ? 420 : 660 - 240 * Math.exp(-(i - 8) / 1.5);
      values[i] = level + 4 * r.nextGaussian();
    }
    assertThat(worstRatio(c, from, values)).isLessThan(RoughnessCheck.RATIO);
  }
}
