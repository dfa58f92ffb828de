package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Measure detection speed and model size. (being built; the owner replaces this class). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure detection speed and model size.")
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("bench is not available yet");
  }
}
