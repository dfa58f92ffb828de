package com.anomalywatcher.cli;

import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.metrics.MetricsEndpoint;
import java.io.UncheckedIOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --metrics-port} and {@code --metrics-bind} for long-running commands (monitor, continuous,
 * ingest): when given, the command answers {@code GET /metrics} in Prometheus format while it runs.
 */
final class MetricsOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics while running (default: off).")
  Integer port;

  @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE}).")
  String bind;

  /** Checks the port before any work starts (exit 2 on a bad one). */
  void validate() {
    if (port != null && (port < 1 || port > 65_535)) {
      throw new ParameterException(mixee.commandLine(), "--metrics-port must be between 1 and 65535, got " + port);
    }
  }

  /**
   * Starts the endpoint when {@code --metrics-port} was given, showing the meters of {@code role};
   * the caller closes it. Null when not.
   *
   * @throws CommandFailure (exit 1) when the port cannot be bound
   */
  MetricsEndpoint start(AwMetrics.Role role) {
    validate();
    if (port == null) {
      return null;
    }
    try {
      return MetricsEndpoint.listen(bind, port, role);
    } catch (UncheckedIOException e) {
      throw new CommandFailure(e.getMessage(), e);
    }
  }
}
