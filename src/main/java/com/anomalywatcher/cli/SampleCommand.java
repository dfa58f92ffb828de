package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Generate a batch of historical readings with labelled anomalies. (being built; the owner replaces this class). */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Generate a batch of historical readings with labelled anomalies.")
final class SampleCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("sample is not available yet");
  }
}
