package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.world.WorldPictures;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code world}: looks at the simulated world without a database. */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    description = "Look at the simulated realistic world (no database needed).",
    subcommands = WorldCommand.Pictures.class)
final class WorldCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code world pictures}: one PNG per sensor kind, a week with benign events and anomalies marked. */
  @Command(
      name = "pictures",
      mixinStandardHelpOptions = true,
      description = {
        "Draw one PNG per sensor kind: a week of one site in the realistic world, with the readings,",
        "benign events and anomalies marked by kind and missing readings along the bottom (docs/WORLD.md)."
      })
  static final class Pictures implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "docs/world", description = "Directory for the PNG files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--end", paramLabel = "TIME", converter = TimeConverter.class, defaultValue = "2026-01-19T00:00:00Z",
        description = "End of the week, ISO-8601 (default: ${DEFAULT-VALUE}, a winter week from Monday).")
    Instant end;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "3", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--anomaly-rate", paramLabel = "RATE", defaultValue = Defaults.ANOMALY_RATE,
        description = "Fraction of readings inside an anomaly (default: ${DEFAULT-VALUE}).")
    double anomalyRate;

    @Option(names = "--difficulty", paramLabel = "LEVEL", defaultValue = "normal", description = "easy, normal or hard (default: ${DEFAULT-VALUE}).")
    String difficulty;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "Europe/Berlin", description = "The site's IANA time zone (default: ${DEFAULT-VALUE}).")
    String timezone;

    @Override
    public Integer call() {
      WatchOptions.requireRate(spec, anomalyRate);
      Difficulty level;
      try {
        level = Difficulty.parse(difficulty);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--difficulty must be easy, normal or hard, got '" + difficulty + "'");
      }
      ZoneId zone;
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new ParameterException(spec.commandLine(), "--timezone must be an IANA time zone name such as Europe/Berlin, got '" + timezone + "'");
      }
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new ParameterException(spec.commandLine(), "--out must be a directory, got " + out + " (a file)");
      }
      System.setProperty("java.awt.headless", "true");
      List<WorldPictures.Picture> pictures = WorldPictures.write(new WorldPictures.Request(out, end, seed, anomalyRate, level, zone));
      PrintWriter o = spec.commandLine().getOut();
      // Columns as wide as the longest path: a fixed width pushed "fanswitch.png" past it.
      int width = pictures.stream().mapToInt(p -> p.file().toString().length()).max().orElse(1);
      for (WorldPictures.Picture p : pictures) {
        o.printf(Locale.ROOT, "%-" + width + "s  %-28s %,6d readings, %3d anomaly episodes, %4d benign events%n",
            p.file(), p.sensorId(), p.readings(), p.anomalies(), p.benignEvents());
      }
      o.flush();
      return 0;
    }
  }
}
