package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Generate readings live at a fixed interval until stopped. (being built; the owner replaces this class). */
@Command(name = "continuous", mixinStandardHelpOptions = true, description = "Generate readings live at a fixed interval until stopped.")
final class ContinuousCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("continuous is not available yet");
  }
}
