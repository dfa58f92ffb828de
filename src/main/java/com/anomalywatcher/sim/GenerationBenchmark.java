package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.model.Reading;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Measures how fast the simulation generates readings on the calling thread (one core): a warm-up
 * pass, then a timed pass of {@code sensors × days} at a 1-minute interval and anomaly rate 0.02,
 * in either world (the realistic one at difficulty normal in the default time zones).
 * For a bench command; never used by tests to assert timings.
 */
public final class GenerationBenchmark {

  /**
   * @param readings readings generated in the timed pass
   * @param seconds wall time of the timed pass
   * @param cpuSeconds CPU time of the calling thread during the timed pass
   * @param averageMetadataChars mean length of the metadata JSON per reading
   */
  public record Result(long readings, double seconds, double cpuSeconds, double averageMetadataChars) {
    /** Readings per second of wall time. */
    public double readingsPerSecond() {
      return readings / seconds;
    }

    /** Readings per second of this thread's CPU time: what one free core would do. */
    public double readingsPerCpuSecond() {
      return cpuSeconds > 0 ? readings / cpuSeconds : Double.NaN;
    }
  }

  private GenerationBenchmark() {}

  /** Runs the benchmark; {@code sensors >= 1}, {@code days >= 1}. */
  public static Result run(int sensors, int days, long seed, World world) {
    pass(sensors, 1, seed, world);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long[] counts = pass(sensors, days, seed, world);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    return new Result(counts[0], seconds, cpuSeconds, counts[1] / (double) counts[0]);
  }

  private static long[] pass(int sensors, int days, long seed, World world) {
    SimulationSettings settings = world == World.REALISTIC
        ? SimulationSettings.realistic(seed, Duration.ofMinutes(1), 0.02, false, Difficulty.NORMAL, List.of())
        : new SimulationSettings(seed, Duration.ofMinutes(1), 0.02, false);
    Simulation sim = new Simulation(Fleet.create(sensors, seed), settings, Map.of());
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    long readings = 0;
    long chars = 0;
    for (int i = 0; i < days * 1440; i++) {
      for (Reading r : sim.step(t).readings()) {
        readings++;
        chars += r.metadataJson().length();
      }
      t = t.plusSeconds(60);
    }
    return new long[] {readings, chars};
  }
}
