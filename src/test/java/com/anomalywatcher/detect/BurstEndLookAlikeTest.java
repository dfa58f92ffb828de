package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * {@link BurstEndLookAlike} on a synthetic particulate sensor: a flat background of 20 whose training
 * days each fall once (by 2, 3 and 4: the typical day's largest fall is 3), then a fall found by the
 * plateau check after 20 readings at the background and 20 baseline readings (a burst 15 high
 * decaying below the background, or none).
 */
class BurstEndLookAlikeTest {
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
  private static final SensorDescription PM = SensorKind.PARTICULATE_MATTER.description();
  private static final double BACKGROUND = 20;
  private static final double[] TRAINING_FALLS = {2, 3, 4};
  private static final PlateauCheck PLATEAUS = new PlateauCheck(new ToleranceProfile(new DayClock(ZoneOffset.UTC)));

  private static BurstEndLookAlike trained() {
    BurstEndLookAlike c = new BurstEndLookAlike();
    for (int day = 0; day < TRAINING_FALLS.length; day++) {
      for (int m = 0; m < 1440; m++) {
        // fallen from 10:00 to 12:00
        double v = m >= 600 && m < 720 ? BACKGROUND - TRAINING_FALLS[day] : BACKGROUND;
        c.note(reading(day * 1440 + m, v, true));
      }
    }
    return c;
  }

  private static PluggedCheck.Reading reading(int minute, double value, boolean training) {
    return new PluggedCheck.Reading(START.plusSeconds(60L * minute), value, PM, training, false, null, false, 60, 0,
        0.5, 1.0);
  }

  /**
   * The {@code i}th of the readings fed: 20 at the background, 20 baseline readings (a burst
   * {@code burst} high: 4 rising, 6 at its top, 10 decaying to the held level) and 10 held at
   * {@code fall} below the background.
   */
  private static double value(int i, double burst, double fall) {
    double top = BACKGROUND + burst;
    double held = BACKGROUND - fall;
    return i < 20 ? BACKGROUND : i < 24 ? BACKGROUND + burst * (i - 19) / 4.0 : i < 30 ? top
        : i < 40 ? top + (held - top) * (i - 29) / 11.0 : held;
  }

  /** Feeds the readings of {@link #value} live; returns the last one. */
  private static PluggedCheck.Reading feed(BurstEndLookAlike c, double burst, double fall) {
    int first = TRAINING_FALLS.length * 1440 + 600;
    PluggedCheck.Reading last = null;
    for (int i = 0; i < BurstEndLookAlike.SPAN; i++) {
      last = reading(first + i, value(i, burst, fall), false);
      c.note(last);
    }
    return last;
  }

  /** The plateau check's step: the fall from the baseline readings' median to the held level. */
  private static StepCheck.Step fallFrom(double burst, double fall) {
    double[] baseline = new double[LevelShift.BEFORE];
    for (int i = 0; i < baseline.length; i++) {
      baseline[i] = value(20 + i, burst, fall);
    }
    java.util.Arrays.sort(baseline);
    double median = (baseline[9] + baseline[10]) / 2;
    return new StepCheck.Step(BACKGROUND - fall - median, median, 1.0);
  }

  @Test
  void explainsABurstEndingOnABackgroundFallenLessThanOnTheTypicalDay() {
    BurstEndLookAlike c = trained();
    assertThat(c.explains(feed(c, 15, 2), fallFrom(15, 2), PLATEAUS)).isTrue();
  }

  @Test
  void explainsTheSameWhenRestoredFromItsState() {
    BurstEndLookAlike c = BurstEndLookAlike.restore(trained().state());
    assertThat(c.explains(feed(c, 15, 2), fallFrom(15, 2), PLATEAUS)).isTrue();
  }

  @Test
  void doesNotExplainABackgroundFallenMoreThanOnTheTypicalDay() {
    BurstEndLookAlike c = trained();
    assertThat(c.explains(feed(c, 15, 4), fallFrom(15, 4), PLATEAUS)).isFalse();
  }

  @Test
  void doesNotExplainAFallFromAFlatBackground() {
    BurstEndLookAlike c = trained();
    assertThat(c.explains(feed(c, 0, 2), fallFrom(0, 2), PLATEAUS)).isFalse();
  }

  @Test
  void doesNotExplainAStepAnotherCheckFoundOrARise() {
    BurstEndLookAlike c = trained();
    PluggedCheck.Reading r = feed(c, 15, 2);
    StepCheck steps = new StepCheck(new ToleranceProfile(new DayClock(ZoneOffset.UTC)), true, false, true);
    assertThat(c.explains(r, fallFrom(15, 2), steps)).isFalse();
    assertThat(c.explains(r, new StepCheck.Step(3, BACKGROUND, 1.0), PLATEAUS)).isFalse();
  }

  @Test
  void anUntrainedCheckExplainsNothing() {
    BurstEndLookAlike c = new BurstEndLookAlike();
    assertThat(c.explains(feed(c, 15, 2), fallFrom(15, 2), PLATEAUS)).isFalse();
  }
}
