package com.anomalywatcher.cli;

import com.anomalywatcher.ingest.CsvImport;
import com.anomalywatcher.ingest.Ingestor;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code import}: readings of real sensors from files. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import readings of real sensors from files.",
    subcommands = {ImportCommand.Csv.class})
final class ImportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code import csv}: long layout or NAB's. */
  @Command(
      name = "csv",
      mixinStandardHelpOptions = true,
      description = {
        "Import CSV files with a header line, in the long layout",
        "  timestamp,sensor_id,value[,category,type,unit,location]",
        "or NAB's timestamp,value (then --sensor-id names the sensor). Timestamps are ISO-8601",
        "(T or a space; without an offset they are in --timezone) or epoch milliseconds.",
        "The sensor options describe a sensor the first time it is seen (defaults: category",
        "unknown, type analog, unit empty, location unknown). A file with a bad line imports",
        "nothing (the error names the file, the line and why) unless --skip-bad is given."
      })
  static final class Csv implements Callable<Integer> {
    /** Rows from which an import prints its rate; fewer time mostly the database's set-up. */
    static final long RATED_ROWS = 1_000;

    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSV files.")
    List<Path> files;

    @Option(names = "--sensor-id", paramLabel = "ID", description = "The sensor of NAB-layout files (timestamp,value); refused for a file with a sensor_id column.")
    String sensorId;

    @Option(names = "--category", paramLabel = "C", description = "Category of a new sensor, e.g. fridge.")
    String category;

    @Option(names = "--type", paramLabel = "T", description = "analog, digital or serial (default: analog).")
    String type;

    @Option(names = "--unit", paramLabel = "U", description = "Unit of a new sensor, e.g. °C.")
    String unit;

    @Option(names = "--location", paramLabel = "L", description = "Location of a new sensor, e.g. factory.")
    String location;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
        description = {"Zone of timestamps without an offset, e.g. Europe/Berlin (default: ${DEFAULT-VALUE}).",
            "A local time the clocks skip is a bad line; one that happens twice is read at the earlier offset."})
    String timezone;

    @Option(names = "--skip-bad", description = "Store the good rows and report every bad line.")
    boolean skipBad;

    @Override
    public Integer call() {
      CsvImport.Options options = options();
      long totalBytes = 0;
      for (Path f : files) {
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
          throw new ParameterException(spec.commandLine(), "FILE " + f + " is not a readable file");
        }
        totalBytes += size(f);
      }
      CsvImport csv = new CsvImport(options, Clock.systemUTC());
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null, totalBytes);
      long started = System.nanoTime();
      try {
        return importFiles(csv, bar, started);
      } catch (StoreException | CommandFailure e) {
        if (!DatabaseRetry.isUnavailable(e)) {
          throw e;
        }
        // A one-shot: it does not ride the outage out like the long-running commands, so say what to do.
        throw new CommandFailure(e.getMessage() + "; run the same import again when it is back (rows already stored"
            + " are skipped)", e);
      }
    }

    private int importFiles(CsvImport csv, ProgressBar bar, long started) {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Clock clock = Clock.systemUTC();
      try (Database db = dbOptions.openInitialised(); Ingestor ingestor = Ingestor.open(db, clock);
          StopSignal stop = StopSignal.onInterrupt()) {
        CsvImport.Result r;
        stop.windDown(SampleCommand.STORE_GRACE); // Ctrl-C commits the rows read so far and says how many
        try {
          r = csv.run(files, ingestor, done -> bar.update(done, files.size() + " files"), stop::requested);
        } catch (CsvImport.BadFile e) {
          bar.finish();
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        bar.finish();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (String line : CsvImport.describe(r.badLines())) {
          err.println("skipped " + line);
        }
        err.flush();
        if (r.stopped()) {
          err.println(interrupted(r));
          err.flush();
          return stop.signalExitCode() == 0 ? SampleCommand.INTERRUPTED : stop.signalExitCode();
        }
        out.printf(Locale.ROOT, "imported %s (%,d new) of %s, %s, %s skipped%n", Human.count(r.rows(), "row"), r.stored(),
            Human.count(files.size(), "file"), Human.count(r.newSensors(), "new sensor"),
            Human.count(r.badLines().size(), "bad line"));
        if (r.ambiguousTimes() > 0) {
          out.printf(Locale.ROOT, "%s at a local time that happens twice in %s (clocks turned back) read at the"
              + " earlier offset; give such timestamps with their offset to place them exactly%n",
              Human.count(r.ambiguousTimes(), "row"), timezone);
        }
        out.printf(Locale.ROOT, "elapsed: %s%n", Human.duration(took));
        // A few rows time mostly the database's set-up, not the import: their rate printed 'rows/s: 0'.
        if (r.rows() >= RATED_ROWS) {
          out.printf(Locale.ROOT, "rows/s: %s%n", Human.rate(r.rows() / Math.max(1e-9, took.toNanos() / 1e9)));
        }
        out.flush();
      }
      return 0;
    }

    /** The one line an interrupted import prints: what is stored, and that a rerun continues. */
    private static String interrupted(CsvImport.Result r) {
      if (r.rows() == 0) {
        return "interrupted: nothing was imported; run the same import again to import the files";
      }
      return String.format(Locale.ROOT, "interrupted: committed %s (%,d new) before the stop; run the same import"
          + " again to continue (rows already stored are skipped)", Human.count(r.rows(), "row"), r.stored());
    }

    private CsvImport.Options options() {
      ZoneId zone;
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new ParameterException(spec.commandLine(), "--timezone must be a zone like UTC or Europe/Berlin, got '" + timezone + "'");
      }
      if (type != null) {
        try {
          SensorType.parse(type);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--type must be analog, digital or serial, got '" + type + "'");
        }
      }
      if (sensorId != null && sensorId.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--sensor-id must not be empty");
      }
      return new CsvImport.Options(sensorId, category, type, unit, location, zone, skipBad);
    }

    private static long size(Path f) {
      try {
        return Files.size(f);
      } catch (java.io.IOException e) {
        return 0;
      }
    }
  }
}
