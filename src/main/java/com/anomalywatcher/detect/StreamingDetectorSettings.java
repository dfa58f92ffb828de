package com.anomalywatcher.detect;

/**
 * Parameters of a {@link StreamingDetector}; one set serves every series (no per-series tuning).
 *
 * @param trees random cut trees in the forest (more: steadier scores, slower)
 * @param sampleSize points each tree keeps (the forest's memory, in readings)
 * @param shingleSize consecutive readings the forest sees as one point (1 = the value alone)
 * @param warmupPoints readings learned before scores leave 0 (the forest needs a sample first)
 * @param forestScoreScale raw forest score above 1 that maps to score {@code 1 - 1/e} (about 0.63)
 * @param suppressionWindow readings after a peak during which a score that does not exceed the
 *     peak is damped (0 = off): one anomaly gives one detection, not a burst
 * @param suppressionFactor the factor (in [0, 1]) applied to such a repeated score
 */
public record StreamingDetectorSettings(
    int trees,
    int sampleSize,
    int shingleSize,
    int warmupPoints,
    double forestScoreScale,
    int suppressionWindow,
    double suppressionFactor) {

  public StreamingDetectorSettings {
    requireAtLeast("trees", trees, 1);
    requireAtLeast("sampleSize", sampleSize, 16);
    requireAtLeast("shingleSize", shingleSize, 1);
    requireAtLeast("warmupPoints", warmupPoints, 1);
    requireAtLeast("suppressionWindow", suppressionWindow, 0);
    if (!(forestScoreScale > 0)) {
      throw new IllegalArgumentException("forestScoreScale must be > 0, got " + forestScoreScale);
    }
    if (!(suppressionFactor >= 0 && suppressionFactor <= 1)) {
      throw new IllegalArgumentException("suppressionFactor must be in [0, 1], got " + suppressionFactor);
    }
  }

  /** The production and NAB configuration. */
  public static StreamingDetectorSettings defaults() {
    return new StreamingDetectorSettings(50, 1024, 1, 256, 2.0, 100, 0.5);
  }

  /** These settings with another forest size (for trade-off measurements: {@code bench}, {@code evaluate nab}). */
  public StreamingDetectorSettings withForest(int trees, int sampleSize) {
    return new StreamingDetectorSettings(trees, sampleSize, shingleSize, warmupPoints, forestScoreScale,
        suppressionWindow, suppressionFactor);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }
}
