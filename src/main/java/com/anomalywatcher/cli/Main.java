package com.anomalywatcher.cli;

import com.anomalywatcher.cli.AnomalyWatcherCommand.Subcommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/** Entry point of the {@code anomaly-watcher} program. */
public final class Main {
  /** The top-level options that take no value and may come before the subcommand's name. */
  private static final Set<String> LEADING_FLAGS = Set.of("--verbose");
  private static final Set<String> VERSION = Set.of("-V", "--version");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs one command line with the given streams and returns its exit code: 0 success, 1 runtime
   * failure, 2 usage error.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err, needed(args));
    return cli.execute(args);
  }

  /** The configured command tree, every subcommand included, writing to the given streams. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, AnomalyWatcherCommand.SUBCOMMANDS);
  }

  private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Subcommand> subcommands) {
    CommandLine cli = new CommandLine(new AnomalyWatcherCommand());
    for (Subcommand s : subcommands) {
      cli.addSubcommand(s.name(), s.type());
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpWidth(100);
    HelpLayout.install(cli);
    cli.setParameterExceptionHandler(CliErrors::onUsageError);
    cli.setExecutionExceptionHandler(CliErrors::onFailure);
    return cli;
  }

  /**
   * The subcommands a command line needs: only the one it names when its first argument after
   * {@code --verbose} is a subcommand's name (the top level has no positional parameters, so
   * picocli would dispatch to it); none for a bare {@code --version}; otherwise all of them (help,
   * usage and errors at the top level list or match every one). Building a command's model costs
   * reflection over its class and its options, and instantiating it runs its static initialisers:
   * all nineteen took about a second of every start (classes loaded 0.5-2.1 s after it).
   */
  static List<Subcommand> needed(String[] args) {
    boolean version = false;
    for (String arg : args) {
      if (VERSION.contains(arg)) {
        version = true;
      } else if (!LEADING_FLAGS.contains(arg)) {
        for (Subcommand s : AnomalyWatcherCommand.SUBCOMMANDS) {
          if (s.name().equals(arg)) {
            return List.of(s);
          }
        }
        return AnomalyWatcherCommand.SUBCOMMANDS;
      }
    }
    return version ? List.of() : AnomalyWatcherCommand.SUBCOMMANDS;
  }
}
