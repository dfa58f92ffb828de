package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Show each sensor's model and monitoring state. (being built; the owner replaces this class). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each sensor's model and monitoring state.")
final class StatusCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("status is not available yet");
  }
}
