package com.anomalywatcher.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code anomaly-watcher} command: lists the subcommands. */
@Command(
    name = "anomaly-watcher",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Generate labelled industrial sensor data, store it in PostgreSQL/TimescaleDB,",
      "watch it for anomalies and prove how well that works."
    })
final class AnomalyWatcherCommand implements Runnable {
  /**
   * The subcommands in the order help lists them, each under its {@code @Command} name. Registered
   * by {@link Main} rather than through {@code @Command(subcommands = ...)}, so that a command line
   * naming one of them builds only that one's model (picocli instantiates and reflects over every
   * registered command before running any).
   */
  static final List<Subcommand> SUBCOMMANDS = List.of(
      new Subcommand("demo", DemoCommand.class),
      new Subcommand("db", DbCommand.class),
      new Subcommand("sample", SampleCommand.class),
      new Subcommand("continuous", ContinuousCommand.class),
      new Subcommand("read", ReadCommand.class),
      new Subcommand("sensors", SensorsCommand.class),
      new Subcommand("anomaly", AnomalyCommand.class),
      new Subcommand("train", TrainCommand.class),
      new Subcommand("status", StatusCommand.class),
      new Subcommand("monitor", MonitorCommand.class),
      new Subcommand("run", RunCommand.class),
      new Subcommand("alerts", AlertsCommand.class),
      new Subcommand("evaluate", EvaluateCommand.class),
      new Subcommand("bench", BenchCommand.class),
      new Subcommand("ingest", IngestCommand.class),
      new Subcommand("import", ImportCommand.class),
      new Subcommand("world", WorldCommand.class),
      new Subcommand("serve", ServeCommand.class),
      new Subcommand("plot", PlotCommand.class));

  /** A subcommand's name on the command line and its annotated class. */
  record Subcommand(String name, Class<?> type) {}

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  /**
   * No command given: the usage goes to standard error and the exit code is 2, as for any other
   * usage error, so that a script which lost its command's name does not go on as if it had run.
   */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new ParameterException(spec.commandLine(), "no command given: name one of the commands above");
  }
}
