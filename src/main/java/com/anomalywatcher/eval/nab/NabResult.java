package com.anomalywatcher.eval.nab;

import java.util.Objects;

/**
 * A NAB score for one profile: the threshold used (rows with {@code score >= threshold} are
 * detections), the raw score summed over the corpus, and the normalised score (0 = null detector,
 * 100 = perfect).
 */
public record NabResult(NabProfile profile, double threshold, double raw, double normalised) {
  public NabResult {
    Objects.requireNonNull(profile, "profile");
  }
}
