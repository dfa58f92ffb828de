package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Show the latest readings, or follow new ones with --loop. (being built; the owner replaces this class). */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Show the latest readings, or follow new ones with --loop.")
final class ReadCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("read is not available yet");
  }
}
