package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The slow restlessness check of a running fan: trained on two weeks of a fan switched on 07:00 to
 * 19:00 (a spin-up each morning, 1-rpm readings, about 1.2 rpm of noise), it fires on an
 * alternating jitter that grows over hours to a few times the usual step, and stays quiet on
 * ordinary days, a second speed and the spin-ups.
 */
class WearCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int ON = 7 * 60;
  private static final int OFF = 19 * 60;
  private static final int SPIN_UP_MINUTES = (int) AnalogCheck.SPIN_UP.toMinutes();

  /** The two checks as {@link AnalogCheck} runs them; {@link #worst} is the highest ratio seen while judging. */
  private static final class Fan {
    final RoughnessCheck roughness = new RoughnessCheck(new ToleranceProfile(new DayClock(ZoneOffset.UTC)));
    WearCheck wear = new WearCheck(new DayClock(ZoneOffset.UTC));
    double worst;
    boolean worn;

    void day(int day, Random r, IntToDoubleFunction shape, boolean training) {
      for (int m = 0; m < 1440; m++) {
        Instant at = T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(m));
        boolean on = m >= ON && m < OFF;
        double value = on ? Math.round(shape.applyAsDouble(m) + 1.2 * r.nextGaussian()) : 0;
        double step = roughness.observe(at, value, training);
        double ratio = wear.observe(at, step, on && m - ON >= SPIN_UP_MINUTES, training);
        if (!training) {
          worst = Math.max(worst, ratio);
          worn |= wear.worn();
        }
      }
    }
  }

  /** 660 rpm after an exponential run-up from switch-on. */
  private static double running(int m) {
    return 660 * (1 - Math.exp(-(m - ON) / 1.5));
  }

  private static Fan trained(Random r) {
    Fan f = new Fan();
    for (int d = 0; d < 14; d++) {
      f.day(d, r, WearCheckTest::running, true);
    }
    return f;
  }

  @Test
  void anAlternatingJitterGrowingOverHoursIsWear() {
    Random r = new Random(11);
    Fan f = trained(r);
    // from 10:00 on, a jitter of alternating sign grows from nothing to ±4 rpm by 14:00
    f.day(14, r, m -> running(m) + (m < 600 ? 0 : (m % 2 == 0 ? 1 : -1) * Math.min(4, 4.0 * (m - 600) / 240)), false);
    assertThat(f.worn).isTrue();
    assertThat(f.worst).isGreaterThanOrEqualTo(WearCheck.RATIO);
  }

  @Test
  void ordinaryDaysASecondSpeedAndSpinUpsAreNotWear() {
    Random r = new Random(12);
    Fan f = trained(r);
    f.day(14, r, WearCheckTest::running, false);
    // a second speed from 11:00 to 13:00: run down to 420 rpm and back up, each within minutes
    f.day(15, r, m -> m < 660 ? running(m)
        : m < 780 ? 420 + 240 * Math.exp(-(m - 660) / 1.5)
        : 660 - 240 * Math.exp(-(m - 780) / 1.5), false);
    assertThat(f.worn).isFalse();
    assertThat(f.worst).isLessThan(WearCheck.RATIO / 2);
  }

  @Test
  void aRestoredCheckJudgesAsTheTrainedOne() {
    Random r = new Random(13);
    Fan f = trained(r);
    f.wear = WearCheck.restore(new DayClock(ZoneOffset.UTC), f.wear.state(), new SharedArrays());
    f.day(14, r, m -> running(m) + (m < 600 ? 0 : (m % 2 == 0 ? 4 : -4)), false);
    assertThat(f.worn).isTrue();
  }

  @Test
  void anUntrainedCheckNeverJudges() {
    Fan f = new Fan();
    f.day(0, new Random(14), m -> running(m) + (m % 2 == 0 ? 10 : -10), false);
    assertThat(f.worst).isZero();
    assertThat(f.worn).isFalse();
  }
}
