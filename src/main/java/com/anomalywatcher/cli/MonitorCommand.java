package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Score new readings and raise alerts. (being built; the owner replaces this class). */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = "Score new readings and raise alerts.")
final class MonitorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("monitor is not available yet");
  }
}
