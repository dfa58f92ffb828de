package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The product detector a sensor of unknown category gets: generic check plus forest. */
class GenericDetectorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final long SEED = 42;

  private static SensorDetector trained(double[] history) {
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "bar", null), "boiler-1");
    for (int i = 0; i < history.length; i++) {
      d.train(T0.plus(STEP.multipliedBy(i)), history[i], null);
    }
    return d;
  }

  private static double[] noisy(int n, double level, double sigma) {
    Random r = new Random(SEED);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = level + sigma * r.nextGaussian();
    }
    return v;
  }

  @Test
  void flagsADropFarBelowEverythingSeenWithAnExpectedRangeInsideWhatWasShown() {
    double[] history = noisy(2000, 80, 1.0);
    SensorDetector d = trained(history);
    Detection drop = d.observe(T0.plus(STEP.multipliedBy(2000)), 20, null);
    assertThat(drop.score()).as("seed %d", SEED).isGreaterThanOrEqualTo(0.7);
    double min = java.util.Arrays.stream(history).min().orElseThrow();
    double max = java.util.Arrays.stream(history).max().orElseThrow();
    assertThat(drop.expectedLow()).isGreaterThanOrEqualTo(min - 5 * 1.0);
    assertThat(drop.expectedHigh()).isLessThanOrEqualTo(max + 5 * 1.0);
    assertThat(drop.kind()).isNotNull();
  }

  @Test
  void staysQuietOnMoreOfTheSame() {
    SensorDetector d = trained(noisy(2000, 80, 1.0));
    double[] more = noisy(500, 80, 1.0);
    double worst = 0;
    for (int i = 0; i < more.length; i++) {
      worst = Math.max(worst, d.observe(T0.plus(STEP.multipliedBy(2000 + i)), more[i], null).score());
    }
    assertThat(worst).as("seed %d", SEED).isLessThan(0.7);
  }

  @Test
  void flagsAFrozenValueOfASensorThatUsuallyMoves() {
    SensorDetector d = trained(noisy(2000, 80, 1.0));
    double best = 0;
    for (int i = 0; i < 80; i++) {
      best = Math.max(best, d.observe(T0.plus(STEP.multipliedBy(2000 + i)), 80.3, null).score());
    }
    assertThat(best).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void savesAndRestoresWhatItLearned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    SensorDetector d = trained(noisy(2000, 80, 1.0));
    ModelRepository repo = ModelRepository.at(tmp);
    repo.save(new SensorModel(new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, "boiler-1", d.sensor(), T0, T0,
        T0.plus(STEP.multipliedBy(2000)), 2000, d.parameters(), "test"), d.state()));
    SensorDetector restored = SensorDetector.restore(repo.load("boiler-1").orElseThrow());
    assertThat(restored.observe(T0.plus(STEP.multipliedBy(2000)), 20, null).score()).isGreaterThanOrEqualTo(0.7);
  }

  /**
   * Shaped like NAB's realKnownCause/cpu_utilization_asg_misconfiguration (a synthetic series, not
   * a copy): a CPU near 31 % with bursts to 100 % every few hours, whose usual level rises to 50 %
   * while the bursts go on. Every single reading stays inside what was shown; the level is new.
   */
  private static double[] cpuWithBursts(int n, int riseAt, double risenLevel) {
    Random r = new Random(SEED);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double level = i >= riseAt ? risenLevel : 31;
      v[i] = r.nextDouble() < 0.03 ? 60 + 40 * r.nextDouble() : level + r.nextGaussian();
    }
    return v;
  }

  private static double worstAfter(SensorDetector d, double[] v, int from) {
    double worst = 0;
    for (int i = from; i < v.length; i++) {
      worst = Math.max(worst, d.observe(T0.plus(STEP.multipliedBy(i)), v[i], null).score());
    }
    return worst;
  }

  @Test
  void flagsAUsualLevelThatRoseInsideTheRangeItsBurstsShowed() {
    double[] v = cpuWithBursts(3500, 3000, 50);
    SensorDetector d = trained(java.util.Arrays.copyOf(v, 2016));
    assertThat(worstAfter(d, v, 2016)).as("seed %d", SEED).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void staysQuietOnTheSameLevelWithItsBurstsAndOnARestingSeriesWithRunsOfBursts() {
    double[] same = cpuWithBursts(3500, 3500, 50);
    assertThat(worstAfter(trained(java.util.Arrays.copyOf(same, 2016)), same, 2016)).as("seed %d", SEED).isLessThan(0.7);
    // a disk that rests at 0 and writes in runs now and then (its median is 0, its runs last hours)
    Random r = new Random(SEED);
    double[] disk = new double[3500];
    for (int i = 0; i < disk.length; i++) {
      boolean run = i % 288 >= 200 && i % 288 < 240;
      disk[i] = run || r.nextDouble() < 0.02 ? 1e7 + 2e8 * r.nextDouble() : 0;
    }
    SensorDetector d = trained(java.util.Arrays.copyOf(disk, 2016));
    double worstShift = 0;
    for (int i = 2016; i < disk.length; i++) {
      Detection det = d.observe(T0.plus(STEP.multipliedBy(i)), disk[i], null);
      if (det.kind() == com.anomalywatcher.model.AnomalyKind.DRIFT) {
        worstShift = Math.max(worstShift, det.score());
      }
    }
    assertThat(worstShift).as("seed %d", SEED).isLessThan(0.7);
  }
}
