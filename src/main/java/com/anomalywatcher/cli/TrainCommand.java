package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.monitor.ModelTrainer;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: one model per sensor from stored history, saved atomically under the models directory. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Learn each sensor's normal behaviour from the readings in [until - hours, until)",
      "and save one versioned model per sensor (no labels needed: the history is taken as normal)."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin ModelsDirOption models;

  @Option(names = "--hours", paramLabel = "DURATION", defaultValue = "168", converter = DurationConverter.Hours.class,
      description = "History to learn from, e.g. 7d or 36h; a bare number is hours (default: ${DEFAULT-VALUE} h).")
  Duration history;

  @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class, description = "End of the history, ISO-8601 (default: now).")
  Instant until;

  @Override
  public Integer call() {
    WatchOptions.requirePositive(spec, "--hours", history);
    DatabaseConfig database = dbOptions.config();
    ModelRepository repository = WatchOptions.writableModels(spec, models.dir(database));
    Clock clock = Clock.systemUTC();
    Instant end = until != null ? until : clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant from = end.minus(history);
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    List<ModelTrainer.Trained> trained;
    try (Database db = dbOptions.openInitialised()) {
      ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), 1000);
      trained = new ModelTrainer(db, repository, clock).train(from, end, ProgressBar.overTime(bar, "learned"));
      bar.finish();
    }
    if (trained.isEmpty()) {
      throw new CommandFailure("no readings between " + from + " and " + end + " to train on (--hours "
          + Human.duration(history) + ", --until " + end + ")");
    }
    ModelsDirOption.recordTrainedOn(repository.dir(), database);
    long points = 0;
    for (ModelTrainer.Trained t : trained) {
      out.printf(Locale.ROOT, "%-32s %,9d points  model v%d%n", t.sensorId(), t.points(), t.version());
      points += t.points();
    }
    out.printf(Locale.ROOT, "trained %s on %s from %s to %s in %s, saved in %s%n",
        Human.count(trained.size(), "model"), Human.count(points, "reading"), from, end,
        Human.duration(Duration.ofNanos(System.nanoTime() - started)), repository.dir());
    return 0;
  }
}
