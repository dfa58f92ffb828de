package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** List alerts. (being built; the owner replaces this class). */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "List alerts.")
final class AlertsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("alerts is not available yet");
  }
}
