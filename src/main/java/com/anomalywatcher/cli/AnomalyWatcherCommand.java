package com.anomalywatcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    },
    subcommands = {
      DemoCommand.class,
      DbCommand.class,
      SampleCommand.class,
      ContinuousCommand.class,
      ReadCommand.class,
      SensorsCommand.class,
      AnomalyCommand.class,
      TrainCommand.class,
      StatusCommand.class,
      MonitorCommand.class,
      RunCommand.class,
      AlertsCommand.class,
      EvaluateCommand.class,
      BenchCommand.class,
      IngestCommand.class,
      ImportCommand.class,
      WorldCommand.class
    })
final class AnomalyWatcherCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
