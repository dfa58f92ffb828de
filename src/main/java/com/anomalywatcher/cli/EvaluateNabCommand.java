package com.anomalywatcher.cli;

import com.anomalywatcher.eval.nab.NabCsv;
import com.anomalywatcher.eval.nab.NabEvaluation;
import com.anomalywatcher.eval.nab.NabEvaluation.SeedRun;
import com.anomalywatcher.eval.nab.NabFormatException;
import com.anomalywatcher.eval.nab.NabLabels;
import com.anomalywatcher.eval.nab.NabReport;
import com.anomalywatcher.eval.nab.NabSeries;
import com.anomalywatcher.eval.nab.NabWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate nab}: streams each file of a NAB-layout corpus through a fresh detector, writes the
 * per-row scores and prints NAB's three scores (mean over the seeds).
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "Score the streaming detector on a corpus laid out like the Numenta Anomaly Benchmark:",
      "category subfolders of timestamp,value CSV files plus a windows file in NAB's format.",
      "Every file gets a fresh detector; each reading is scored before it is learned."
    })
final class EvaluateNabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "<dir>", description = "Folder of category subfolders with CSV files (NAB's data/).")
  Path data;

  @Option(names = "--labels", required = true, paramLabel = "<file>", description = "Windows file, e.g. NAB's labels/combined_windows.json.")
  Path labels;

  @Option(names = "--seeds", defaultValue = "3", paramLabel = "<n>", description = "Number of random seeds to run and average (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "<s>", description = "First seed; the runs use s, s+1, ... (default: ${DEFAULT-VALUE}).")
  long firstSeed;

  @Option(names = "--threads", paramLabel = "<n>", description = "Worker threads (default: the number of processors).")
  Integer threads;

  @Option(names = "--out", paramLabel = "<dir>", description = "Write per-row scores here (NAB results layout <dir>/<category>/<name>.csv; with several seeds, <dir>/seed-<s>/...).")
  Path out;

  @Option(names = "--detector", defaultValue = "core", paramLabel = "core|generic",
      description = "core: the streaming forest alone; generic: the product detector a sensor of unknown category gets (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--json", description = "Print one JSON line with the mean scores as the last line.")
  boolean json;

  @Mixin ForestSizeOptions forest;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    List<NabSeries> corpus;
    Map<String, List<NabWindow>> windows;
    try {
      windows = NabLabels.readWindows(labels);
    } catch (NabFormatException e) {
      throw new CommandFailure("--labels: " + e.getMessage());
    }
    try {
      corpus = NabEvaluation.readCorpus(data);
    } catch (NabFormatException e) {
      throw new CommandFailure("--data: " + e.getMessage());
    }
    if (corpus.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--data has no CSV files in its subfolders: " + data);
    }
    List<Long> seedList = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      seedList.add(firstSeed + i);
    }
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    long started = System.nanoTime();
    List<SeedRun> runs;
    try {
      ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), (long) corpus.size() * seedList.size());
      runs = NabEvaluation.evaluate(corpus, windows, detectorKind(), forest.settings(), seedList, workers,
          (done, total) -> bar.update(done, done + "/" + total + " files x seeds"));
      bar.finish();
    } catch (NabFormatException e) {
      throw new CommandFailure("--data and --labels do not match: " + e.getMessage());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (out != null) {
      writeScores(corpus, runs);
    }
    int rows = corpus.stream().mapToInt(NabSeries::size).sum();
    new NabReport(runs, corpus.size(), rows, seconds, workers).print(spec.commandLine().getOut(), json);
    return 0;
  }

  private NabEvaluation.Detector detectorKind() {
    return switch (detector) {
      case "core" -> NabEvaluation.Detector.CORE;
      case "generic" -> NabEvaluation.Detector.GENERIC;
      default -> throw new ParameterException(spec.commandLine(), "--detector must be core or generic, got '" + detector + "'");
    };
  }

  private void validate() {
    detectorKind();
    if (!Files.isDirectory(data)) {
      // The README's lines use ../shared/datasets/nab, which exists beside the project machines' checkout
      // only: from a clone elsewhere the bare refusal did not say what the folder is or where to get it.
      throw new ParameterException(spec.commandLine(), "--data must be an existing directory, got " + data
          + " (NAB's data/ folder, from https://github.com/numenta/NAB; a clone does not hold it)");
    }
    if (!Files.isRegularFile(labels) || !Files.isReadable(labels)) {
      throw new ParameterException(spec.commandLine(), "--labels must be a readable file, got " + labels
          + " (NAB's labels/combined_windows.json, from https://github.com/numenta/NAB)");
    }
    if (seeds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new ParameterException(spec.commandLine(), "--out must be a directory, got a file: " + out);
    }
  }

  private void writeScores(List<NabSeries> corpus, List<SeedRun> runs) {
    for (SeedRun run : runs) {
      Path dir = runs.size() == 1 ? out : out.resolve("seed-" + run.seed());
      for (int f = 0; f < corpus.size(); f++) {
        NabSeries input = corpus.get(f);
        NabCsv.writeScores(dir.resolve(input.relativePath()), input, run.scores().get(f).values());
      }
    }
  }
}
