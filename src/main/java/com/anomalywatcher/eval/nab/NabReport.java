package com.anomalywatcher.eval.nab;

import com.anomalywatcher.eval.nab.NabEvaluation.SeedRun;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Prints the outcome of an {@code evaluate nab} run: a table, and optionally one JSON line last. */
public record NabReport(List<SeedRun> runs, int files, int rows, double seconds, int threads) {
  public NabReport {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("runs must not be empty");
    }
  }

  /** Mean normalised score of a profile over the seeds. */
  public double mean(NabProfile profile) {
    return runs.stream().mapToDouble(r -> r.results().get(profile).normalised()).average().orElseThrow();
  }

  /** Writes the table; with {@code json}, then one JSON line with the means and per-seed scores. */
  public void print(PrintWriter out, boolean json) {
    out.printf(Locale.ROOT, "NAB: %d files, %d rows, %d seed(s), %.1f s on %d thread(s)%n", files, rows, runs.size(), seconds, threads);
    out.printf(Locale.ROOT, "%-10s %-22s %10s %10s %12s%n", "seed", "profile", "score", "raw", "threshold");
    for (SeedRun run : runs) {
      for (NabProfile p : NabProfile.values()) {
        NabResult r = run.results().get(p);
        out.printf(Locale.ROOT, "%-10d %-22s %10.3f %10.3f %12.6f%n", run.seed(), p.nabName(), r.normalised(), r.raw(), r.threshold());
      }
    }
    for (NabProfile p : NabProfile.values()) {
      out.printf(Locale.ROOT, "%-10s %-22s %10.3f%n", "mean", p.nabName(), mean(p));
    }
    printCategories(out);
    if (json) {
      out.println(jsonLine());
    }
    out.flush();
  }

  private void printCategories(PrintWriter out) {
    SeedRun first = runs.get(0);
    NabProfile p = NabProfile.STANDARD;
    double[] byFile = first.scorer().rawScoreByFile(p, first.results().get(p).threshold());
    int[] windowsByFile = first.scorer().windowsByFile();
    Map<String, double[]> byCategory = new TreeMap<>();
    List<String> paths = first.scorer().files();
    for (int f = 0; f < paths.size(); f++) {
      String path = paths.get(f);
      String category = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
      double[] acc = byCategory.computeIfAbsent(category, c -> new double[2]);
      acc[0] += byFile[f];
      acc[1] += windowsByFile[f];
    }
    out.printf(Locale.ROOT, "standard profile by category (seed %d, corpus threshold):%n", first.seed());
    out.printf(Locale.ROOT, "  %-24s %8s %8s %10s%n", "category", "windows", "raw", "score");
    byCategory.forEach((c, acc) -> out.printf(Locale.ROOT, "  %-24s %8d %8.3f %10s%n", c, (int) acc[1], acc[0],
        acc[1] == 0 ? "-" : String.format(Locale.ROOT, "%.1f", NabScorer.normalise(p, acc[0], (int) acc[1]))));
  }

  /** The JSON line: the three mean scores, then the per-seed scores and run facts. */
  public String jsonLine() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (NabProfile p : NabProfile.values()) {
      m.put(p.jsonKey(), round(mean(p)));
    }
    List<Long> seeds = new ArrayList<>();
    Map<String, List<Double>> perSeed = new LinkedHashMap<>();
    for (SeedRun run : runs) {
      seeds.add(run.seed());
      for (NabProfile p : NabProfile.values()) {
        perSeed.computeIfAbsent(p.jsonKey(), k -> new ArrayList<>()).add(round(run.results().get(p).normalised()));
      }
    }
    m.put("seeds", seeds);
    m.put("per_seed", perSeed);
    m.put("files", files);
    m.put("rows", rows);
    m.put("seconds", round(seconds));
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
