package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The longer held-step test learns the shift it judges: an oven idle at 20 °C that every night at
 * 02:00 wobbles up by 3–5 °C for eight readings (too restless for the short test's flatness, held
 * for the long one's) has learned that 5-reading shift as usual at that time, so the same wobble
 * raises nothing, while a held step twice as large still alerts. Judged against the short test's
 * profile (which never sees the wobble), the wobble would alert every night.
 */
class LongStepProfileTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final double NOISE = 0.15;
  private static final int WOBBLE_MINUTE = 2 * 60;
  private static final double[] WOBBLE = {3, 5, 3.2, 5.2, 3.1, 5.0, 3.3, 5.1};

  private final DayClock clock = new DayClock(ZoneOffset.UTC);
  /** Nothing is a usual level: only the shift's size decides. */
  private final LevelProfile levels = new LevelProfile(clock);
  private final Random r = new Random(7);

  private double night(int minuteOfDay) {
    int k = minuteOfDay - WOBBLE_MINUTE;
    return 20 + (k >= 0 && k < WOBBLE.length ? WOBBLE[k] : 0) + NOISE * r.nextGaussian();
  }

  private StepCheck trained(int held) {
    StepCheck check = new StepCheck(new ToleranceProfile(clock), true, true, held);
    for (int i = 0; i < DAYS * 1440; i++) {
      check.observe(night(i % 1440));
      check.learn(T0.plus(Duration.ofMinutes(i)));
    }
    return check;
  }

  /** The index of the first step the check finds in {@code values}, from 01:30 of the next night; -1 for none. */
  private static int firstStep(StepCheck check, LevelProfile levels, double[] values) {
    Instant from = T0.plus(Duration.ofDays(DAYS)).plus(Duration.ofMinutes(90));
    for (int i = 0; i < values.length; i++) {
      check.observe(values[i]);
      if (check.judge(from.plus(Duration.ofMinutes(i)), values[i], 2 * NOISE, levels, Integer.MAX_VALUE) != null) {
        return i;
      }
    }
    return -1;
  }

  private double[] nightFrom0130(double[] added) {
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      int k = i - 30;
      v[i] = 20 + (k >= 0 && k < added.length ? added[k] : 0) + NOISE * r.nextGaussian();
    }
    return v;
  }

  @Test
  void theNightlyWobbleIsLearnedAsUsualByTheLongTest() {
    assertThat(firstStep(trained(StepCheck.LONG_HELD), levels, nightFrom0130(WOBBLE))).isEqualTo(-1);
  }

  @Test
  void theShortTestNeverSeesTheWobble() {
    assertThat(firstStep(trained(StepCheck.SHORT_HELD), levels, nightFrom0130(WOBBLE))).isEqualTo(-1);
  }

  @Test
  void aHeldStepTwiceAsLargeStillAlertsThere() {
    double[] step = new double[20];
    java.util.Arrays.fill(step, 10);
    assertThat(firstStep(trained(StepCheck.LONG_HELD), levels, nightFrom0130(step))).isBetween(30 + 4, 30 + 6);
  }

  @Test
  void judgedAgainstTheShortTestsProfileTheWobbleWouldAlert() {
    // the mismatch this check had: its 5-reading shift judged against the profile of 3-reading ones
    StepCheck mismatched = new StepCheck(ToleranceProfile.restore(clock, trained(StepCheck.SHORT_HELD).state()),
        true, true, StepCheck.LONG_HELD);
    assertThat(firstStep(mismatched, levels, nightFrom0130(WOBBLE))).isBetween(30 + 4, 30 + 7);
  }
}
