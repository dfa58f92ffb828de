package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Score alerts against the recorded ground truth. (being built; the owner replaces this class). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score alerts against the recorded ground truth.")
final class EvaluateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("evaluate is not available yet");
  }
}
