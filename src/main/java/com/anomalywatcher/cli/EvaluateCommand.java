package com.anomalywatcher.cli;

import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evaluate}: stored alerts against the stored ground-truth episodes (rules in docs/ACCURACY.md). */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    subcommands = EvaluateNabCommand.class,
    description = {
      "Score the stored alerts against the labelled anomaly episodes: event-level recall,",
      "precision, F1, detection delay and false alerts per sensor-day, by anomaly kind.",
      "An episode is detected when an alert on its sensor opens between its start and its end",
      "plus 2 readings; an alert matching no episode is a false alert (see docs/ACCURACY.md).",
      "False alerts during a benign look-alike (door_open, cleaning...; docs/WORLD.md) are also counted by its kind."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--since", converter = TimeConverter.class, description = "Start of the evaluated range, ISO-8601 (default: all).")
  Instant since;

  @Option(names = "--until", converter = TimeConverter.class, description = "End of the evaluated range, exclusive (default: now).")
  Instant until;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    Instant from = since == null ? Instant.EPOCH : since;
    Instant to = until == null ? Clock.systemUTC().instant() : until;
    if (!to.isAfter(from)) {
      throw new ParameterException(spec.commandLine(), "--until must be after --since, got --since " + from + " --until " + to);
    }
    EvaluationReport report;
    try (Database db = dbOptions.openInitialised()) {
      // Earlier episodes still running into the range can be what an alert in the range detects.
      Instant episodesFrom = from.equals(Instant.EPOCH) ? from : from.minus(Duration.ofDays(1));
      report = GroundTruthEvaluation.evaluate(new GroundTruthStore(db).episodesStartingIn(episodesFrom, to),
          new AlertStore(db).alertsOpenedIn(from, to), new ReadingStore(db).coverage(from, to), from,
          new BenignEventStore(db).overlapping(from, to));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
      out.flush();
    } else {
      report.printTable(out);
    }
    return 0;
  }
}
