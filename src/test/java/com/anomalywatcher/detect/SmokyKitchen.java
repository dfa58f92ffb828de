package com.anomalywatcher.detect;

import java.util.Arrays;
import java.util.Random;

/**
 * A particulate sensor's readings for the plateau checks' tests, one a minute: a background
 * wandering over six hours, cooking bursts in the evening (half-way up in one reading, held for
 * five, decaying with three) and Gaussian noise of {@value #NOISE}. Tests that draw more random
 * numbers between readings draw them from {@link #random()}, the stream the readings use.
 */
final class SmokyKitchen {
  static final double NOISE = 0.3;

  private final Random random;
  private int burstAge = -1;
  private double burstHeight;

  SmokyKitchen(long seed) {
    random = new Random(seed);
  }

  Random random() {
    return random;
  }

  static double background(int minute) {
    return 10 + 1.5 * Math.sin(2 * Math.PI * minute / 360.0);
  }

  /** A burst's excess over the background this many readings after it began. */
  static double burst(double height, int age) {
    return age == 0 ? 0.5 * height : age <= 5 ? height : height * Math.exp(-(age - 5) / 3.0);
  }

  /** The reading at this minute since the start (minutes must come in order). */
  double reading(int minute) {
    int minuteOfDay = minute % 1440;
    boolean evening = minuteOfDay >= 20 * 60 || minuteOfDay < 60;
    if (burstAge < 0 && evening && random.nextDouble() < 0.03) {
      burstAge = 0;
      burstHeight = 30 + 50 * random.nextDouble();
    }
    double excess = burstAge < 0 ? 0 : burst(burstHeight, burstAge);
    burstAge = burstAge < 0 || burstAge > 25 ? -1 : burstAge + 1;
    return background(minute) + excess + NOISE * random.nextGaussian();
  }

  /** {@code count} readings from minute {@code startMinute} on, bursts and all. */
  double[] readings(int startMinute, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = reading(startMinute + i);
    }
    return v;
  }

  /**
   * {@code quiet} background readings from minute {@code startMinute}, then the background plus
   * {@code excess}, each with the noise; not bursts (the readings judged after a history).
   */
  double[] afterQuiet(int startMinute, int quiet, double... excess) {
    double[] v = new double[quiet + excess.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = background(startMinute + i) + (i < quiet ? 0 : excess[i - quiet]) + NOISE * random.nextGaussian();
    }
    return v;
  }

  /** The same excess over this many readings. */
  static double[] constant(double excess, int readings) {
    double[] v = new double[readings];
    Arrays.fill(v, excess);
    return v;
  }
}
