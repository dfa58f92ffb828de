package com.anomalywatcher.cli;

import com.anomalywatcher.detect.StreamingDetectorSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --trees} and {@code --sample-size}: the forest core's size, for the commands that measure its trade-off. */
final class ForestSizeOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--trees", paramLabel = "<n>", description = "Trees of the forest core, to measure a trade-off (default: the product's, 50).")
  Integer trees;

  @Option(names = "--sample-size", paramLabel = "<n>", description = "Points per tree of the forest core, to measure a trade-off (default: the product's, 1024).")
  Integer sampleSize;

  /** The product's forest settings, or the size given by --trees and --sample-size. */
  StreamingDetectorSettings settings() {
    StreamingDetectorSettings d = StreamingDetectorSettings.defaults();
    try {
      return d.withForest(trees != null ? trees : d.trees(), sampleSize != null ? sampleSize : d.sampleSize());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--trees/--sample-size: " + e.getMessage());
    }
  }
}
