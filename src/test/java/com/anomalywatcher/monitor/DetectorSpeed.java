package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SwitchState;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;

/**
 * Points per second of the product detector (domain checks + forest core) for one sensor on one
 * thread, after training on a week of one-minute readings. A measuring aid, not a test.
 */
final class DetectorSpeed {
  private DetectorSpeed() {}

  public static void main(String[] args) {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    for (SensorKind kind : new SensorKind[] {SensorKind.OVEN_TEMPERATURE, SensorKind.LAMP}) {
      SensorDetector d = SensorDetector.fresh(kind, kind.prefix() + "-restaurant-000001");
      java.util.Random r = new java.util.Random(1);
      int week = 7 * 1440;
      for (int i = 0; i < week; i++) {
        d.train(t0.plus(Duration.ofMinutes(i)), value(kind, i, r), (SwitchState) null);
      }
      int n = 200_000;
      long start = System.nanoTime();
      double sink = 0;
      for (int i = week; i < week + n; i++) {
        sink += d.observe(t0.plus(Duration.ofMinutes(i)), value(kind, i, r), null).score();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s: %.0f points/s (%d points, %.2f s, checksum %.1f)%n", kind, n / seconds, n, seconds, sink);
    }
  }

  private static double value(SensorKind kind, int i, java.util.Random r) {
    int minuteOfDay = i % 1440;
    boolean open = minuteOfDay >= 600 && minuteOfDay < 1380;
    if (kind == SensorKind.LAMP) {
      return open ? 1 : 0;
    }
    return (open ? 200 : 22) + 0.8 * Math.sin(i / 2.0) + 0.3 * r.nextGaussian();
  }
}
