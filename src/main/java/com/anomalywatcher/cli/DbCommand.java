package com.anomalywatcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Initialise, start, stop or inspect the database. (being built; the owner replaces this class). */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Initialise, start, stop or inspect the database.")
final class DbCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CommandFailure("db is not available yet");
  }
}
