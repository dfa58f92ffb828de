package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Generate and monitor together in one process. (being built; the owner replaces this class). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Generate and monitor together in one process.")
final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("run is not available yet");
  }
}
