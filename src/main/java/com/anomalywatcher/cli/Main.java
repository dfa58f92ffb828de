package com.anomalywatcher.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code anomaly-watcher} program. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line with the given streams and returns its exit code: 0 success, 1 runtime
   * failure, 2 usage error.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  /** The configured command tree, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AnomalyWatcherCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(100);
    HelpLayout.install(cli);
    cli.setParameterExceptionHandler(CliErrors::onUsageError);
    cli.setExecutionExceptionHandler(CliErrors::onFailure);
    return cli;
  }
}
