package com.anomalywatcher.cli;

import com.anomalywatcher.plot.ChartFiles;
import com.anomalywatcher.plot.SensorPlot;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DashboardStore.AlertQuery;
import com.anomalywatcher.store.DashboardStore.SensorLatest;
import com.anomalywatcher.store.Database;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code plot}: a sensor's curve with episodes, benign events and alerts marked, as PNG or SVG. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = {
      "Draw a sensor's readings over a time range into a PNG or SVG file, without a display: the mean",
      "per time bucket with its min and max, labelled anomaly episodes shaded red, benign events blue,",
      "alerts as dashed red lines with a marker at their value."
    })
final class PlotCommand implements Callable<Integer> {
  /** Buckets across the picture: about one per two pixels of a 1200-pixel plot. */
  static final int POINTS = 600;

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--sensor", required = true, paramLabel = "ID", description = "The sensor to draw.")
  String sensorId;

  @Option(names = "--since", converter = TimeConverter.class, paramLabel = "TIME",
      description = "Start of the range, ISO-8601 (default: 24 hours before --until).")
  Instant since;

  @Option(names = "--until", converter = TimeConverter.class, paramLabel = "TIME",
      description = "End of the range, exclusive, ISO-8601 (default: now).")
  Instant until;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The picture to write: FILE.png or FILE.svg.")
  Path out;

  @Option(names = "--width", defaultValue = "1200", paramLabel = "PIXELS", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "500", paramLabel = "PIXELS", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
  int height;

  @Override
  public Integer call() {
    // Now to the second: the range is printed and drawn as the chart's title.
    Instant to = until == null ? Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS) : until;
    Instant from = since == null ? to.minus(Duration.ofHours(24)) : since;
    validate(from, to);
    SensorPlot.Data data;
    try (Database db = dbOptions.openInitialised()) {
      DashboardStore store = new DashboardStore(db);
      SensorLatest sensor = store.latestOf(sensorId).orElseThrow(() ->
          new ParameterException(spec.commandLine(), "--sensor " + sensorId + " has no readings"));
      Duration bucket = Duration.ofSeconds(Math.max(1, Duration.between(from, to).toSeconds() / POINTS));
      data = new SensorPlot.Data(sensorId, sensor.unit(), from, to, store.buckets(sensorId, from, to, bucket),
          store.episodes(sensorId, from, to, 100_000),
          store.alerts(new AlertQuery(null, from, to, sensorId, null, null, null, 100_000)));
    }
    try {
      ChartFiles.write(SensorPlot.chart(data, width, height), out);
    } catch (UncheckedIOException e) {
      throw new CommandFailure(e.getMessage(), e);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "wrote %s: %s from %s to %s, %d points, %d episodes, %d alerts%n", out, sensorId, from, to,
        data.buckets().size(), data.events().size(), data.alerts().size());
    w.flush();
    return 0;
  }

  private void validate(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new ParameterException(spec.commandLine(), "--until must be after --since, got --since " + from + " --until " + to);
    }
    try {
      ChartFiles.formatOf(out);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--out must be in an existing directory, got " + out);
    }
    if (width < 200 || width > 10_000) {
      throw new ParameterException(spec.commandLine(), "--width must be between 200 and 10000 pixels, got " + width);
    }
    if (height < 150 || height > 10_000) {
      throw new ParameterException(spec.commandLine(), "--height must be between 150 and 10000 pixels, got " + height);
    }
  }
}
