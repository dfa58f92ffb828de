package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Learn each sensor's normal behaviour from stored history. (being built; the owner replaces this class). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Learn each sensor's normal behaviour from stored history.")
final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("train is not available yet");
  }
}
