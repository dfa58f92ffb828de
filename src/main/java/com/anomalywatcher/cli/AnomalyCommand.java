package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Force, list or clear anomalies in a running generator. (being built; the owner replaces this class). */
@Command(name = "anomaly", mixinStandardHelpOptions = true, description = "Force, list or clear anomalies in a running generator.")
final class AnomalyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("anomaly is not available yet");
  }
}
