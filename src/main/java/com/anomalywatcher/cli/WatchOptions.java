package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Validation shared by the watcher's commands; each check throws a one-line usage error. */
final class WatchOptions {
  private WatchOptions() {}

  /**
   * A models directory that exists and is writable, or can be created (checked without creating
   * it, so a later failure leaves nothing behind).
   */
  static ModelRepository writableModels(CommandSpec spec, Path dir) {
    Path absolute = dir.toAbsolutePath();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute) || !Files.isWritable(absolute)) {
        throw new ParameterException(spec.commandLine(), "--models-dir " + dir + " is not a writable directory");
      }
    } else {
      Path parent = absolute.getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new ParameterException(spec.commandLine(), "--models-dir " + dir + " cannot be created"
            + (parent == null ? "" : ": " + parent + " is not a writable directory"));
      }
    }
    return ModelRepository.at(dir);
  }

  /** A models directory to read from: missing is fine (no models), a file is not. */
  static ModelRepository readableModels(CommandSpec spec, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--models-dir " + dir + " is not a directory");
    }
    // Missing is fine, but not where no directory could ever be: under a file.
    Path parent = dir.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent != null && !Files.isDirectory(parent)) {
      throw new ParameterException(spec.commandLine(), "--models-dir " + dir + " cannot exist: " + parent + " is not a directory");
    }
    return ModelRepository.at(dir);
  }

  static void requireThreshold(CommandSpec spec, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new ParameterException(spec.commandLine(), "--threshold must be between 0 and 1, got " + threshold);
    }
  }

  /** An anomaly rate: the expected fraction of readings inside an episode, in [0, 1]. */
  static void requireRate(CommandSpec spec, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new ParameterException(spec.commandLine(), "--anomaly-rate must be in [0, 1], got " + rate);
    }
  }

  static void requirePositive(CommandSpec spec, String option, double value, String unit) {
    if (!(value > 0)) {
      throw new ParameterException(spec.commandLine(),
          option + " must be > 0" + (unit.isEmpty() ? "" : " " + unit) + ", got " + format(value));
    }
  }

  /** A duration option that must be positive; the message shows the value as a person wrote it. */
  static void requirePositive(CommandSpec spec, String option, java.time.Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ParameterException(spec.commandLine(), option + " must be > 0, got " + Human.duration(value));
    }
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
