package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The oscillation check of an oven: fires on a controller hunting around its setpoint, stays quiet
 * on door openings (alone and in a quick series during a warm-up), the daily warm-up and a setpoint
 * change by staff. Out of calm: a swing of two periods is found; a burst of door openings is not.
 */
class SwingCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final double NOISE = 0.3;
  private static final int WARM_UP_MINUTE = 6 * 60;

  /** An oven's day: cold until 06:00, an exponential warm-up to 200 °C, doors opened now and then. */
  private static double ovenAt(int minuteOfDay, Random r, double setpoint) {
    if (minuteOfDay < WARM_UP_MINUTE) {
      return 20 + NOISE * r.nextGaussian();
    }
    double level = setpoint - (setpoint - 20) * Math.exp(-(minuteOfDay - WARM_UP_MINUTE) / 12.0);
    return level + NOISE * r.nextGaussian();
  }

  /**
   * When an oven's doors may open (minutes of the day, {@code fromMinute} inclusive, {@code toMinute}
   * exclusive), the chance a minute, and how far an opening pulls the oven down.
   */
  private record Doors(int fromMinute, int toMinute, double chancePerMinute, double celsius) {}

  /** Now and then from an hour after the warm-up, 15 °C each. */
  private static final Doors NOW_AND_THEN = new Doors(WARM_UP_MINUTE + 61, 1440, 0.004, 15);
  /**
   * A restaurant's service: every few minutes from 12:00 to 16:00, 20 °C each: the history at those
   * hours bends as much as a swing of a few degrees, so only the out-of-calm path can find one there.
   */
  private static final Doors SERVICE = new Doors(12 * 60, 16 * 60, 0.2, 20);

  private static SwingCheck trainedOven(Random r) {
    return trainedOven(r, NOW_AND_THEN);
  }

  /** Fourteen days of {@link #ovenAt} a minute, its doors opened as {@code doors} says. */
  private static SwingCheck trainedOven(Random r, Doors doors) {
    SwingCheck c = new SwingCheck(new DayClock(ZoneOffset.UTC));
    int doorLeft = 0;
    for (int i = 0; i < 14 * 1440; i++) {
      int minute = i % 1440;
      double v = ovenAt(minute, r, 200);
      if (minute >= doors.fromMinute() && minute < doors.toMinute() && doorLeft == 0
          && r.nextDouble() < doors.chancePerMinute()) {
        doorLeft = 6;
      }
      if (doorLeft > 0) {
        v -= doors.celsius() * Math.exp(-(6 - doorLeft) / 1.5);
        doorLeft--;
      }
      c.observe(T0.plus(Duration.ofMinutes(i)), v, true);
    }
    return c;
  }

  /** The largest ratio the check reports over the values, fed one a minute from {@code from}. */
  private static double worst(SwingCheck c, Instant from, double[] values) {
    double worst = 0;
    for (int i = 0; i < values.length; i++) {
      worst = Math.max(worst, c.observe(from.plus(Duration.ofMinutes(i)), values[i], false));
    }
    return worst;
  }

  private static Instant dayAfterTraining(int minuteOfDay) {
    return T0.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(minuteOfDay));
  }

  @Test
  void anOvenHuntingAroundItsSetpointSwings() {
    Random r = new Random(11);
    SwingCheck c = trainedOven(r);
    int start = 12 * 60;
    for (int period : new int[] {4, 6, 8}) {
      double[] values = new double[40];
      for (int i = 0; i < values.length; i++) {
        double swing = i < 16 ? 0 : 4 * Math.sin(2 * Math.PI * i / period);
        values[i] = 200 + swing + NOISE * r.nextGaussian();
      }
      assertThat(worst(c, dayAfterTraining(start), values)).as("period %d", period)
          .isGreaterThanOrEqualTo(SwingCheck.RATIO);
      start += 60;
    }
  }

  @Test
  void doorsOpenedEveryFewMinutesDuringAWarmUpDoNotSwing() {
    Random r = new Random(12);
    SwingCheck c = trainedOven(r);
    // a saw-tooth: the oven climbs, a door drops it by 12 °C every 5 minutes, it climbs back
    double[] values = new double[60];
    for (int i = 0; i < values.length; i++) {
      int sinceDoor = i % 5;
      values[i] = 120 + 1.5 * i - 12 * Math.exp(-sinceDoor / 1.2) + NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(12 * 60), values)).isZero();
  }

  @Test
  void theDailyWarmUpAndASetpointChangeDoNotSwing() {
    Random r = new Random(13);
    SwingCheck c = trainedOven(r);
    double[] day = new double[10 * 60];
    for (int m = 0; m < day.length; m++) {
      int minute = WARM_UP_MINUTE - 60 + m;
      // staff raise the setpoint from 200 to 230 °C at 11:00
      double setpoint = minute < 11 * 60 ? 200 : 230;
      day[m] = minute < 11 * 60 ? ovenAt(minute, r, setpoint)
          : 230 - 30 * Math.exp(-(minute - 11 * 60) / 6.0) + NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(WARM_UP_MINUTE - 60), day)).isZero();
  }

  @Test
  void aSavedCheckJudgesAsTheOneItWasSavedFrom() {
    Random r = new Random(14);
    SwingCheck c = trainedOven(r);
    SwingCheck restored = SwingCheck.restore(new DayClock(ZoneOffset.UTC), c.state(), new SharedArrays());
    // the restored check starts with no recent readings: both judge once their windows are filled
    double[] values = new double[60];
    for (int i = 0; i < values.length; i++) {
      values[i] = 200 + (i < 36 ? 0 : 4 * Math.sin(2 * Math.PI * i / 4)) + NOISE * r.nextGaussian();
    }
    assertThat(worst(restored, dayAfterTraining(12 * 60), values))
        .isEqualTo(worst(c, dayAfterTraining(12 * 60), values));
  }

  /** An idle oven swinging slowly by a few noise widths: period 8, amplitude 1.3 °C around 20 °C at 02:00. */
  private static double[] slowIdleSwing(Random r) {
    double[] values = new double[40];
    for (int i = 0; i < values.length; i++) {
      values[i] = 20 + (i < 16 ? 0 : 1.3 * Math.sin(2 * Math.PI * i / 8)) + NOISE * r.nextGaussian();
    }
    return values;
  }

  @Test
  void aSlowSmallSwingOfAnIdleOvenIsFoundOverHalfItsPeriod() {
    Random r = new Random(15);
    SwingCheck c = trainedOven(r);
    // its curvature over one or two readings stays within the noise; over three or four it is 4 amplitudes
    assertThat(worst(c, dayAfterTraining(2 * 60), slowIdleSwing(r))).isGreaterThanOrEqualTo(SwingCheck.RATIO);
  }

  @Test
  void aModelSavedBeforeTheSlowLagsJudgesWithTheFastOnesOnly() {
    Random r = new Random(16);
    SwingCheck.State s = trainedOven(r).state();
    SwingCheck old = SwingCheck.restore(new DayClock(ZoneOffset.UTC), new SwingCheck.State(s.near(), s.wide(), null, null), new SharedArrays());
    assertThat(worst(old, dayAfterTraining(2 * 60), slowIdleSwing(r))).isZero();
    double[] fast = new double[40];
    for (int i = 0; i < fast.length; i++) {
      fast[i] = 200 + (i < 16 ? 0 : 4 * Math.sin(2 * Math.PI * i / 4)) + NOISE * r.nextGaussian();
    }
    assertThat(worst(old, dayAfterTraining(12 * 60), fast)).isGreaterThanOrEqualTo(SwingCheck.RATIO);
  }

  /** A cold oven at its warm-up time on a closed day: {@code calm} readings of noise, then {@code swing} ones. */
  private static double[] coldThen(Random r, int calm, double[] swing) {
    double[] values = new double[calm + swing.length + 5];
    for (int i = 0; i < values.length; i++) {
      double s = i >= calm && i < calm + swing.length ? swing[i - calm] : 0;
      values[i] = 20 + s + NOISE * r.nextGaussian();
    }
    return values;
  }

  private static double[] sine(int readings, double amplitude, int period) {
    double[] s = new double[readings];
    for (int i = 0; i < readings; i++) {
      s[i] = amplitude * Math.cos(2 * Math.PI * i / period);
    }
    return s;
  }

  @Test
  void aSmallSwingOutOfCalmIsFoundWhereTheHistoryHeldWarmUps() {
    Random r = new Random(17);
    SwingCheck c = trainedOven(r);
    // 06:00 on a closed day: the history's warm-ups bend sharply here, so the learned curvature is
    // far above this swing of 6 noise widths (period 4, 16 readings); the 20 readings before are calm
    double[] values = coldThen(r, 30, sine(16, 6 * NOISE, 4));
    assertThat(worst(c, dayAfterTraining(WARM_UP_MINUTE - 30), values)).isGreaterThanOrEqualTo(SwingCheck.RATIO);
  }

  @Test
  void calmFollowedByNoiseOrByAFrozenStretchDoesNotSwingOutOfCalm() {
    Random r = new Random(18);
    SwingCheck c = trainedOven(r);
    // the same hour: plain noise twice as wide as before, and noise after a frozen stretch
    double[] wider = coldThen(r, 30, new double[40]);
    for (int i = 30; i < wider.length; i++) {
      wider[i] = 20 + 2 * NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(WARM_UP_MINUTE - 30), wider)).isZero();
    double[] afterFrozen = new double[60];
    for (int i = 0; i < afterFrozen.length; i++) {
      afterFrozen[i] = i < 30 ? 20.2 : 20 + NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(WARM_UP_MINUTE - 30), afterFrozen)).isZero();
  }

  @Test
  void aDoorOpeningOrAGlitchPairFromACalmOvenDoesNotSwingOutOfCalm() {
    Random r = new Random(19);
    SwingCheck c = trainedOven(r);
    double[] door = new double[60];
    for (int i = 0; i < door.length; i++) {
      door[i] = 200 + (i >= 30 && i < 36 ? -15 * Math.exp(-(i - 30) / 1.5) : 0) + NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(12 * 60), door)).isZero();
    double[] glitches = new double[60];
    for (int i = 0; i < glitches.length; i++) {
      glitches[i] = 200 + (i == 30 ? 6 : i == 32 ? -6 : 0) + NOISE * r.nextGaussian();
    }
    assertThat(worst(c, dayAfterTraining(12 * 60), glitches)).isZero();
  }

  @Test
  void aSwingOfTwoPeriodsOutOfCalmIsFound() {
    Random r = new Random(20);
    SwingCheck c = trainedOven(r);
    // an idle oven's readings (rounded to 0.1) wandering slowly, then swinging by 7 noise widths with
    // a period of 5 for only 10 readings from 05:55, shortly before the history's warm-ups: over the
    // whole span its differences over a period reach back into the calm, and the wander before
    // makes the span's steps lopsided; its newest six steps swing alike both ways and repeat
    double[] values = {18.7, 19.1, 19.2, 19.7, 19.8, 19.8, 20.3, 20.5, 20.5, 20.4, 20.3, 20.7, 20.6, 20.4, 20.6,
        20.5, 20.2, 20.3, 20.3, 20.6, 20.6, 20.3, 20.1, 19.8, 19.6, 19.3, 19.4, 19.8, 19.5, 19.7, 19.6, 20.0, 20.3,
        20.3, 20.4, 22.8, 21.3, 18.7, 18.8, 21.0, 22.6, 21.0, 18.6, 18.9, 20.4, 20.3, 20.2, 19.9, 20.3, 20.4, 20.6};
    assertThat(worst(c, dayAfterTraining(WARM_UP_MINUTE - 40), values)).isGreaterThanOrEqualTo(SwingCheck.RATIO);
  }

  @Test
  void aSwingOfUnderTwoPeriodsRightAfterDoorOpeningsIsFound() {
    SwingCheck c = trainedOven(new Random(22), SERVICE);
    // D1 seed 99's oven-restaurant-493756 2026-01-14 15:07-15:52 (moved from 216 to 200 °C): doors
    // opened up to 15:28, the level recovered, then the controller swung by about 8 °C with a period
    // of 6 for 11 readings from 15:39. Over the newest six steps the differences over a period reach
    // back to before the swing began, so it repeats itself only 2.7-3.2 times better after its period
    // than after one reading (not found with CALM_GAIN 3, the value before)
    double[] values = {196.4, 197.7, 199.1, 200.1, 198.3, 191.4, 194.6, 196.6, 197.9, 198.4, 198.8, 199.1, 199.3,
        178.6, 182.8, 189.4, 194.2, 197.0, 198.5, 199.3, 199.6, 199.6, 199.7, 199.6, 199.3, 199.4, 200.1, 200.9,
        201.6, 202.4, 202.0, 201.5, 209.5, 205.0, 196.6, 192.0, 195.6, 203.4, 208.3, 205.1, 197.5, 194.1, 199.1,
        201.7, 201.4, 201.1};
    assertThat(worst(c, dayAfterTraining(13 * 60), values)).isGreaterThanOrEqualTo(SwingCheck.RATIO);
  }

  @Test
  void aBurstOfDoorOpeningsFromACalmOvenDoesNotSwingOutOfCalm() {
    Random r = new Random(21);
    SwingCheck c = trainedOven(r);
    // an oven's readings at its setpoint (rounded to 0.1, moved to 200), then six doors opened within
    // 15 minutes: over the newest steps as periodic and as balanced as a swing, but every one pulls
    // the oven down, so the readings do not swing about the level before
    double[] doors = {196.6, 197.0, 197.0, 197.3, 197.6, 198.2, 198.9, 199.2, 199.5, 200.1, 200.6, 200.9, 200.4,
        200.6, 200.8, 200.9, 200.7, 200.6, 200.9, 202.0, 203.1, 203.3, 203.4, 203.2, 203.1, 202.9, 202.4, 201.9,
        201.4, 201.8, 202.2, 202.7, 204.0, 190.7, 194.7, 197.6, 199.6, 200.3, 192.0, 185.7, 190.9, 180.9, 189.1,
        194.3, 198.1, 199.8, 197.3, 192.6, 196.0, 197.8, 199.2};
    assertThat(worst(c, dayAfterTraining(12 * 60), doors)).isZero();
  }

  @Test
  void theCalmSpansMedianKeptFromReadingToReadingIsTheOneSortedAnew() {
    long seed = 20261203L;
    Random r = new Random(seed);
    SwingCheck c = new SwingCheck(new DayClock(ZoneOffset.UTC));
    double[] fed = new double[3000];
    int since = 0;
    for (int i = 0; i < fed.length; i++) {
      // noise on a coarse resolution (many equal changes), frozen stretches, jumps, and a restart now and then
      double v = i % 400 < 30 ? 50 : Math.round((50 + 3 * r.nextGaussian() + (i % 700 < 90 ? 20 : 0)) * 2) / 2.0;
      if (r.nextDouble() < 0.003) {
        c.restart();
        since = 0;
      }
      fed[i] = v;
      c.observe(T0.plus(Duration.ofMinutes(i)), v, false);
      since++;
      if (since >= 2 * SwingCheck.SPAN + 1 && r.nextDouble() < 0.9) { // some readings do not ask
        double[] steps = new double[SwingCheck.SPAN];
        for (int k = 0; k < steps.length; k++) {
          steps[k] = Math.abs(fed[i - SwingCheck.SPAN - k] - fed[i - SwingCheck.SPAN - k - 1]);
        }
        java.util.Arrays.sort(steps);
        assertThat(c.calmStepMedian()).as("reading %d, seed %d", i, seed)
            .isEqualTo(0.5 * (steps[SwingCheck.SPAN / 2 - 1] + steps[SwingCheck.SPAN / 2]));
      }
    }
  }
}
