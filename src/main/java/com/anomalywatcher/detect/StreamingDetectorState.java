package com.anomalywatcher.detect;

import com.amazon.randomcutforest.state.RandomCutForestState;
import java.util.Objects;

/**
 * Everything a {@link StreamingDetector} needs to continue exactly where it stopped. Plain data
 * (Jackson-serialisable); convert with {@link StreamingDetector#state()} and
 * {@link StreamingDetector#restore(StreamingDetectorState)}. Fields may be added in later versions.
 *
 * @param settings the detector's parameters
 * @param seed the seed it was created with
 * @param pointsSeen readings learned so far
 * @param forest the Random Cut Forest (RCF 4.4.0 mapper state)
 * @param recentScores the last {@code suppressionWindow} output scores, oldest first
 * @param valueMean exponentially weighted mean of the readings
 * @param valueVariance exponentially weighted variance of the readings
 */
public record StreamingDetectorState(
    StreamingDetectorSettings settings,
    long seed,
    long pointsSeen,
    RandomCutForestState forest,
    double[] recentScores,
    double valueMean,
    double valueVariance) {
  public StreamingDetectorState {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(forest, "forest");
    recentScores = recentScores.clone();
    if (pointsSeen < 0) {
      throw new IllegalArgumentException("pointsSeen must be >= 0, got " + pointsSeen);
    }
  }

  @Override
  public double[] recentScores() {
    return recentScores.clone();
  }
}
