package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Validation shared by the watcher's commands; each check throws a one-line usage error. */
final class WatchOptions {
  private WatchOptions() {}

  /**
   * A models directory that exists and is writable, or can be created: checked by writing a probe
   * file, and whatever the probe created is removed, so a later failure leaves nothing behind.
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
    probeWrite(spec, dir, absolute);
    return ModelRepository.at(dir);
  }

  /**
   * Writes and removes a file in the directory (created for the probe, then removed, when missing):
   * the permission checks above pass for root where no file can go ({@code /proc/nope}), and training
   * every sensor failed only at its end, with exit 1 and no option named.
   */
  private static void probeWrite(CommandSpec spec, Path dir, Path absolute) {
    Path firstCreated = absolute;
    while (firstCreated.getParent() != null && !Files.exists(firstCreated.getParent())) {
      firstCreated = firstCreated.getParent();
    }
    boolean existed = Files.exists(absolute);
    try {
      Files.createDirectories(absolute);
      Files.delete(Files.createTempFile(absolute, ".write-probe", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new ParameterException(spec.commandLine(), "--models-dir " + dir + ": cannot write there ("
          + reason(e) + ")");
    } finally {
      if (!existed) {
        removeUpTo(absolute, firstCreated);
      }
    }
  }

  /** Removes the empty directories the probe created, from {@code deepest} up to {@code top}. */
  private static void removeUpTo(Path deepest, Path top) {
    for (Path p = deepest; p != null; p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (someone else wrote there meanwhile): leave it
      }
      if (p.equals(top)) {
        return;
      }
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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

  /** Largest fleet a command builds: --sensors above it is refused before any work. */
  static final int MAX_SENSORS = 100_000;
  /** Longest interval, one day: a longer --interval is refused. */
  static final java.time.Duration MAX_INTERVAL = java.time.Duration.ofDays(1);

  /**
   * {@code --sensors N}: 1..{@link #MAX_SENSORS}; the message gives the whole range, as the README
   * does ({@code --sensors must be between 1 and 100,000, got 0}), whichever end was crossed.
   */
  static void requireSensors(CommandSpec spec, String option, int sensors) {
    if (sensors < 1 || sensors > MAX_SENSORS) {
      throw new ParameterException(spec.commandLine(), String.format(java.util.Locale.ROOT,
          "%s must be between 1 and %,d, got %d", option, MAX_SENSORS, sensors));
    }
  }

  /** An interval: positive and at most {@link #MAX_INTERVAL}. */
  static void requireInterval(CommandSpec spec, String option, java.time.Duration value) {
    requirePositive(spec, option, value);
    if (value.compareTo(MAX_INTERVAL) > 0) {
      throw new ParameterException(spec.commandLine(),
          option + " must be at most " + Human.duration(MAX_INTERVAL) + ", got " + Human.given(value));
    }
  }

  static void requireAtMost(CommandSpec spec, String option, long value, long max, String unit) {
    if (value > max) {
      throw new ParameterException(spec.commandLine(), String.format(java.util.Locale.ROOT,
          "%s must be at most %d%s, got %d", option, max, unit.isEmpty() ? "" : " " + unit, value));
    }
  }

  /** A time at most a day ahead of {@code now}: later data would block every later run of its sensors. */
  static void requireNotFarFuture(CommandSpec spec, String option, java.time.Instant value, java.time.Instant now) {
    if (value != null && value.isAfter(now.plus(java.time.Duration.ofDays(1)))) {
      throw new ParameterException(spec.commandLine(),
          option + " must be at most a day in the future, got " + value);
    }
  }

  /** A duration option that must be positive; the message shows the value as a person wrote it. */
  static void requirePositive(CommandSpec spec, String option, java.time.Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ParameterException(spec.commandLine(), option + " must be > 0, got " + Human.given(value));
    }
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
