package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The day-long mean of {@link ColdDayCheck} ({@link ColdDayCheck.LastDay}, which prepares the other
 * hours' buckets once an hour) against a fresh sum over the day's 24 hourly buckets on every reading,
 * in bucket order (hour of the UTC day) as the check summed them before, over a long seeded sequence
 * with gaps of minutes to days, hour rollovers, NaN readings and the clock going back: the two are equal
 * to the bit, so the check's means, alerts and saved models stay what they were.
 */
class ColdDayCheckLastDayTest {
  private static final long SEED = 20261207;
  private static final int READINGS = 300_000;

  /** Sums by hour, each hour's readings replacing those of an hour a multiple of a day away (their bucket). */
  private static final class FreshSum {
    private final Map<Long, double[]> hours = new HashMap<>();

    double add(Instant at, double value) {
      long hour = Math.floorDiv(at.getEpochSecond(), 3600);
      hours.keySet().removeIf(h -> h != hour && Math.floorMod(h - hour, (long) ColdDayCheck.DAY_HOURS) == 0);
      double[] sumAndCount = hours.computeIfAbsent(hour, h -> new double[2]);
      if (!Double.isNaN(value)) {
        sumAndCount[0] += value;
        sumAndCount[1]++;
      }
      double sum = 0;
      long n = 0;
      int withReadings = 0;
      for (int bucket = 0; bucket < ColdDayCheck.DAY_HOURS; bucket++) {
        // the hour of the last day that falls in this bucket (the bucket is the hour of the UTC day)
        double[] s = hours.get(hour - Math.floorMod(hour - bucket, (long) ColdDayCheck.DAY_HOURS));
        if (s != null && s[1] > 0) {
          sum += s[0];
          n += (long) s[1];
          withReadings++;
        }
      }
      return withReadings >= ColdDayCheck.MIN_HOURS ? sum / n : Double.NaN;
    }
  }

  @Test
  void theMeanEqualsAFreshSumOverTheDaysBucketsOnEveryReading() {
    Random random = new Random(SEED);
    ColdDayCheck.LastDay running = new ColdDayCheck.LastDay();
    FreshSum fresh = new FreshSum();
    long second = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
    long lastHour = Math.floorDiv(second, 3600);
    int means = 0;
    int hourChanges = 0;
    int dayGaps = 0;
    int backwards = 0;
    int nans = 0;
    for (int i = 0; i < READINGS; i++) {
      double p = random.nextDouble();
      if (p < 0.0005) {
        second -= 60L * (1 + random.nextInt(30 * 60)); // the clock goes back by up to 30 h
        backwards++;
      } else if (p < 0.002) {
        second += 60L * (60 + random.nextInt(48 * 60)); // a gap of 1 to 49 h
        dayGaps++;
      } else if (p < 0.02) {
        second += 60L * (5 + random.nextInt(120)); // a gap of minutes to 2 h
      } else {
        second += 1 + random.nextInt(120);
      }
      boolean missing = random.nextDouble() < 0.03;
      nans += missing ? 1 : 0;
      // levels of very different magnitudes, so that a sum in another order would round differently
      double value = missing ? Double.NaN : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 2) + 60;
      Instant at = Instant.ofEpochSecond(second);
      long hour = Math.floorDiv(second, 3600);
      hourChanges += hour != lastHour ? 1 : 0;
      lastHour = hour;

      double expected = fresh.add(at, value);
      double actual = running.add(at, value);
      if (Double.compare(actual, expected) != 0) {
        fail("seed %d, reading %d at %s (value %s): running mean %s, fresh sum %s", SEED, i, at, value, actual,
            expected);
      }
      means += Double.isNaN(actual) ? 0 : 1;
    }
    // the sequence went through what it is meant to: many days, gaps, hours going back, NaNs
    assertThat(hourChanges).as("seed %d", SEED).isGreaterThan(5_000);
    assertThat(dayGaps).as("seed %d", SEED).isGreaterThan(100);
    assertThat(backwards).as("seed %d", SEED).isGreaterThan(50);
    assertThat(nans).as("seed %d", SEED).isGreaterThan(1_000);
    assertThat(means).as("seed %d", SEED).isBetween(READINGS / 4, READINGS - READINGS / 10);
  }
}
