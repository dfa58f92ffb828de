package com.anomalywatcher.detect;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import java.util.Objects;

/**
 * Streaming anomaly detector for one univariate series (one sensor): each reading is scored
 * before it is learned, so a score never depends on the reading itself having been seen. Built on
 * AWS Random Cut Forest; the forest's raw score is mapped to [0, 1] and repeats of a peak within a
 * short window are damped.
 *
 * <p>Not thread-safe: one detector has one owning thread (the one feeding it readings). Save it
 * with {@link #state()} and continue with {@link #restore(StreamingDetectorState)}.
 */
public final class StreamingDetector {
  /** Weight of a new reading in the typical-value statistics (about a 60-reading memory). */
  private static final double VALUE_ALPHA = 2.0 / 61.0;

  private final StreamingDetectorSettings settings;
  private final long seed;
  private final RandomCutForest forest;
  private final StreamingDetectorWindow recentScores;
  private long pointsSeen;
  private double valueMean;
  private double valueVariance;

  /** A fresh detector; the same settings, seed and readings always give the same scores. */
  public StreamingDetector(StreamingDetectorSettings settings, long seed) {
    this(settings, seed, newForest(settings, seed),
        new StreamingDetectorWindow(Math.max(1, settings.suppressionWindow())), 0, 0.0, 0.0);
  }

  private StreamingDetector(StreamingDetectorSettings settings, long seed, RandomCutForest forest,
      StreamingDetectorWindow recentScores, long pointsSeen, double valueMean, double valueVariance) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.seed = seed;
    this.forest = forest;
    this.recentScores = recentScores;
    this.pointsSeen = pointsSeen;
    this.valueMean = valueMean;
    this.valueVariance = valueVariance;
  }

  private static RandomCutForest newForest(StreamingDetectorSettings settings, long seed) {
    return RandomCutForest.builder()
        .dimensions(settings.shingleSize())
        .shingleSize(settings.shingleSize())
        .internalShinglingEnabled(true)
        .numberOfTrees(settings.trees())
        .sampleSize(settings.sampleSize())
        .outputAfter(settings.warmupPoints())
        .precision(Precision.FLOAT_32)
        .parallelExecutionEnabled(false)
        .randomSeed(seed)
        .build();
  }

  /** Continues a saved detector exactly where it stopped. */
  public static StreamingDetector restore(StreamingDetectorState state) {
    StreamingDetectorSettings s = state.settings();
    RandomCutForest forest = new RandomCutForestMapper().toModel(state.forest());
    StreamingDetectorWindow recent = StreamingDetectorWindow.of(Math.max(1, s.suppressionWindow()), state.recentScores());
    return new StreamingDetector(s, state.seed(), forest, recent, state.pointsSeen(), state.valueMean(), state.valueVariance());
  }

  /** A snapshot of the whole detector (the detector stays usable). */
  public StreamingDetectorState state() {
    RandomCutForestMapper mapper = new RandomCutForestMapper();
    mapper.setSaveExecutorContextEnabled(true);
    mapper.setSaveTreeStateEnabled(true); // rebuilt trees would cut differently: scores must continue exactly
    return new StreamingDetectorState(settings, seed, pointsSeen, mapper.toState(forest),
        recentScores.toArray(), valueMean, valueVariance);
  }

  /**
   * Scores {@code value} against what the detector has learned, then learns it. NaN or infinite
   * readings are rejected (the caller decides what a missing reading means).
   */
  public StreamingDetectorScore process(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("reading must be a finite number, got " + value);
    }
    double[] point = {value};
    boolean warmingUp = isWarmingUp();
    double raw = forest.isOutputReady() ? forest.getAnomalyScore(point) : 0.0;
    double score = warmingUp ? 0.0 : suppressRepeat(toUnitInterval(raw));
    StreamingDetectorScore result = new StreamingDetectorScore(
        score, raw, valueMean, valueMean - 3 * Math.sqrt(valueVariance), valueMean + 3 * Math.sqrt(valueVariance), warmingUp);
    learn(value, point);
    if (settings.suppressionWindow() > 0) {
      recentScores.add(score);
    }
    return result;
  }

  /**
   * Maps a raw forest score (about 1 for ordinary readings, unbounded above) monotonically to
   * [0, 1): {@code 1 - exp(-(raw - 1) / forestScoreScale)}, 0 at or below 1.
   */
  private double toUnitInterval(double raw) {
    return 1.0 - Math.exp(-Math.max(0.0, raw - 1.0) / settings.forestScoreScale());
  }

  /**
   * Damps a score that does not exceed the highest score of the last {@code suppressionWindow}
   * readings: the first detection of an anomaly stands, its echoes do not page again.
   */
  private double suppressRepeat(double score) {
    if (settings.suppressionWindow() == 0 || score > recentScores.max()) {
      return score;
    }
    return score * settings.suppressionFactor();
  }

  private void learn(double value, double[] point) {
    forest.update(point);
    if (pointsSeen == 0) {
      valueMean = value;
    } else {
      double delta = value - valueMean;
      valueMean += VALUE_ALPHA * delta;
      valueVariance = (1 - VALUE_ALPHA) * (valueVariance + VALUE_ALPHA * delta * delta);
    }
    pointsSeen++;
  }

  /** True until the detector has learned {@code warmupPoints} readings; scores are 0 meanwhile. */
  public boolean isWarmingUp() {
    return pointsSeen < settings.warmupPoints();
  }

  /** Readings learned so far. */
  public long pointsSeen() {
    return pointsSeen;
  }

  public StreamingDetectorSettings settings() {
    return settings;
  }
}
