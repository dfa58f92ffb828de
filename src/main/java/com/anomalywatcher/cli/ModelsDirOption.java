package com.anomalywatcher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --models-dir} option shared by train, status, monitor and run. */
final class ModelsDirOption {
  @Option(
      names = "--models-dir",
      defaultValue = "${env:AW_MODELS_DIR:-models/anomaly_detection}",
      paramLabel = "DIR",
      description = "Where per-sensor models live (env AW_MODELS_DIR, default: ${DEFAULT-VALUE}).")
  Path dir;
}
