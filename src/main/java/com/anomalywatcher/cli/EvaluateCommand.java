package com.anomalywatcher.cli;

import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.eval.KindMetrics;
import com.anomalywatcher.plot.EvaluationPage;
import com.anomalywatcher.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
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
      "False alerts during a benign look-alike (door_open, cleaning...; docs/WORLD.md) are also counted by its kind.",
      "Named right: the fraction of detected episodes whose detecting alert (the first) names",
      "the episode's own kind, the fault a technician would look for (JSON: named_right and",
      "named_right_episodes). JSON's 'naming' and, with --verbose, lines after the table give",
      "for each labelled kind the kinds its detecting alerts named and how often."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class, description = "Start of the evaluated range, ISO-8601 (default: all).")
  Instant since;

  @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class, description = "End of the evaluated range, exclusive (default: now).")
  Instant until;

  @Option(names = "--json", description = "Same as --format json: one JSON object with the figures overall and by_kind.")
  boolean json;

  @Mixin OutputFormat format;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Also write a self-contained HTML page with the table and its charts by kind.")
  Path reportFile;

  @Override
  public Integer call() {
    Instant from = since == null ? Instant.EPOCH : since;
    Instant to = until == null ? Clock.systemUTC().instant() : until;
    if (!to.isAfter(from)) {
      throw new ParameterException(spec.commandLine(), "--until must be after --since, got --since " + from + " --until " + to);
    }
    requireWritableReport();
    EvaluationReport report;
    try (Database db = dbOptions.openInitialised()) {
      report = GroundTruthEvaluation.evaluate(db, from, to);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json || format.kind == OutputFormat.Kind.JSON) {
      out.println(report.toJson());
    } else {
      table(report).print(out, format.kind);
      if (format.isTable()) {
        out.printf(Locale.ROOT, "%s, %.2f sensor-days. Delays are from the episode's start to the reading that opened"
            + " its alert, in readings and in hours.%n",
            Human.count(report.sensors(), "sensor"), report.sensorDays());
        if (CliErrors.isVerbose(spec.root().commandLine().getParseResult())) {
          report.namingLines().forEach(out::println);
        }
      }
    }
    if (reportFile != null) {
      writeReport(EvaluationPage.html(report, from, to));
      out.printf(Locale.ROOT, "wrote %s%n", reportFile);
    }
    out.flush();
    return 0;
  }

  private void requireWritableReport() {
    if (reportFile == null) {
      return;
    }
    String name = reportFile.getFileName() == null ? "" : reportFile.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".html") && !name.endsWith(".htm")) {
      throw new ParameterException(spec.commandLine(), "--report must name an .html file, got " + reportFile);
    }
    Path dir = reportFile.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--report must be in an existing directory, got " + reportFile);
    }
  }

  private void writeReport(String html) {
    Path tmp = reportFile.resolveSibling(reportFile.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, reportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CommandFailure("cannot write " + reportFile + ": " + e.getMessage(), e);
    }
  }

  /** The table printed for people (and as CSV or a JSON array): one row per kind, then all kinds. */
  static Table table(EvaluationReport report) {
    Table t = new Table(List.of(
        Table.Column.left("kind", "anomaly kind"),
        Table.Column.right("episodes", "episodes"),
        Table.Column.right("detected", "detected"),
        Table.Column.right("alerts", "alerts"),
        Table.Column.right("false_alerts", "false alerts"),
        Table.Column.right("precision", "precision"),
        Table.Column.right("recall", "recall"),
        Table.Column.right("f1", "F1"),
        Table.Column.right("median_delay_readings", "median delay (readings)"),
        Table.Column.right("p95_delay_readings", "p95 delay (readings)"),
        Table.Column.right("median_delay_hours", "median delay (h)"),
        Table.Column.right("p95_delay_hours", "p95 delay (h)"),
        Table.Column.right("false_alerts_per_sensor_day", "false alerts per sensor-day"),
        Table.Column.right("named_right", "named right")));
    new TreeMap<>(report.byKind()).forEach((k, m) -> row(t, k, m));
    row(t, "all kinds", report.overall());
    return t;
  }

  /**
   * One kind's row. A kind with no episode has no recall to speak of (nor F1), one with no alert no
   * precision: the table shows '-' there, as it does for a delay with nothing detected (a false
   * 'frozen' alert read as recall 1.000 on a kind that never happened). CSV and JSON keep the numbers
   * programs already compare (1 for both).
   */
  private static void row(Table t, String kind, KindMetrics m) {
    int alerts = m.trueAlerts() + m.falseAlerts();
    t.add(kind, m.episodes(), m.detected(), alerts, m.falseAlerts(),
        ratio(m.precision(), alerts > 0), ratio(m.recall(), m.episodes() > 0), ratio(m.f1(), m.episodes() > 0),
        delay(m.medianDelayReadings()),
        delay(m.p95DelayReadings()), hours(m.medianDelayHours()), hours(m.p95DelayHours()),
        Table.cell(m.falseAlertsPerSensorDay(), String.format(Locale.ROOT, "%.2f", m.falseAlertsPerSensorDay())),
        namedRight(m));
  }

  private static Table.Cell ratio(double v, boolean defined) {
    return Table.cell(v, defined ? String.format(Locale.ROOT, "%.3f", v) : "-");
  }

  /** Nothing detected, no alert to be right or wrong: '-' (and no number in CSV or JSON), as for a delay. */
  private static Table.Cell namedRight(KindMetrics m) {
    double v = m.namedRightFraction();
    return Double.isNaN(v) ? Table.cell(null, "-") : Table.cell(v, String.format(Locale.ROOT, "%.3f", v));
  }

  private static Table.Cell hours(double hours) {
    return Double.isNaN(hours) ? Table.cell(null, "-") : Table.cell(hours, String.format(Locale.ROOT, "%.2f", hours));
  }

  private static Table.Cell delay(double readings) {
    return Double.isNaN(readings) ? Table.cell(null, "-") : Table.cell(readings, String.format(Locale.ROOT, "%.1f", readings));
  }
}
