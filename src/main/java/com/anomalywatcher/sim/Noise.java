package com.anomalywatcher.sim;

import java.nio.charset.StandardCharsets;

/**
 * Counter-based randomness: every random number is a pure function of a seed, a channel and an
 * instant, so a sensor's stream depends only on the master seed, its id and the timestamps asked
 * for (not on fleet size, thread split or restarts). SplitMix64 finalisers; stateless.
 */
final class Noise {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final double SQRT3 = Math.sqrt(3.0);

  private Noise() {}

  /** SplitMix64 finaliser: a bijective 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64-bit FNV-1a of the UTF-8 bytes, stable across JVMs. */
  static long fnv64(String text) {
    long h = 0xCBF29CE484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }

  /** The seed of everything random about one sensor. */
  static long sensorSeed(long masterSeed, String sensorId) {
    return mix(masterSeed ^ mix(fnv64(sensorId)));
  }

  /** The seed of what a whole site shares (opening hours of the day). */
  static long siteSeed(long masterSeed, int site) {
    return mix(masterSeed + GOLDEN * (site + 1L) + 0x5173L);
  }

  /** Random bits for (seed, channel, counter); counter is usually epoch millis or a day number. */
  static long bits(long seed, int channel, long counter) {
    return mix(seed + GOLDEN * channel + mix(counter ^ 0x632BE59BD9B4E019L));
  }

  /** Uniform in [0, 1). */
  static double uniform(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  static double uniform(long bits, double lo, double hi) {
    return lo + (hi - lo) * uniform(bits);
  }

  /**
   * Approximately standard normal (sum of four uniforms, variance 1), bounded to ±3.46: no
   * heavy tails, so normal behaviour never produces an outlier that looks like an anomaly.
   */
  static double gauss(long bits) {
    double sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
    return (sum / 65536.0 - 2.0) * SQRT3;
  }
}
