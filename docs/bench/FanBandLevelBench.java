package com.anomalywatcher.detect;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Times {@link FanBandCheck#judge} on live readings of a fan that learned a band and a change of
 * setting (so every steady reading is judged; the `bench` command's clean-world fan never changes
 * setting, and its check returns before judging). Trained as FanBandCheckTest trains: 6 days at 700
 * rpm, noise 4 rpm, seed 7, every tenth hour at 850 rpm. Prints thread CPU ns and bytes allocated per
 * reading, best of 5 rounds. Not part of the build; run against a jar:
 * <pre>
 *   javac -cp JAR -d /tmp/fbb docs/bench/FanBandLevelBench.java
 *   java -cp JAR:/tmp/fbb com.anomalywatcher.detect.FanBandLevelBench
 * </pre>
 */
public final class FanBandLevelBench {
  public static void main(String[] args) {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    SensorDescription fan = SensorKind.FAN_SPEED.description();
    Random noise = new Random(7);
    FanBandCheck check = new FanBandCheck();
    int trained = 6 * 1440;
    for (int m = 0; m < trained; m++) {
      double level = (m / 60) % 10 == 9 ? 850 : 700;
      check.judge(new PluggedCheck.Reading(t0.plus(Duration.ofMinutes(m)), Math.round(level + 4 * noise.nextGaussian()),
          fan, true, false, null, true, 60, 700, 6, 12), 0, false);
    }
    check = FanBandCheck.restore(check.state());
    PluggedCheck.Reading[] live = new PluggedCheck.Reading[100_000];
    for (int i = 0; i < live.length; i++) {
      live[i] = new PluggedCheck.Reading(t0.plus(Duration.ofMinutes(trained + i)), Math.round(700 + 4 * noise.nextGaussian()),
          fan, false, false, null, true, 60, 700, 6, 12);
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = 5_000_000;
    double bestNs = Double.MAX_VALUE;
    double bytes = 0;
    long findings = 0;
    for (int round = 0; round < 6; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) {
        findings += check.judge(live[i % live.length], 0, false) == null ? 0 : 1;
      }
      double ns = (threads.getCurrentThreadCpuTime() - cpu) / (double) n;
      bytes = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) n;
      if (round > 0) { // round 0 warms the JIT
        bestNs = Math.min(bestNs, ns);
      }
    }
    System.out.printf("fan band judge: %.1f ns CPU per reading (best of 5 x %,d), %.1f B allocated per reading, %d findings%n",
        bestNs, n, bytes, findings);
  }
}
