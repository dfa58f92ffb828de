package com.anomalywatcher.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB v1.x scoring of per-row anomaly scores against labelled windows, as NAB's own sweeper does it:
 * probation, scaled sigmoid, earliest detection per window, false positives weighted relative to the
 * last preceding window, one threshold for the whole corpus. Immutable and thread-safe once built.
 */
public final class NabScorer {
  /** NAB's probationary fraction of each file. */
  public static final double PROBATION_PERCENT = 0.15;

  private static final double MAX_TP = scaledSigmoid(-1.0);

  private final List<String> files;
  private final int[] fileOfRow;
  private final double[] score;
  /** Global window id of the row, or -1 outside every window. */
  private final int[] window;
  /** In a window: σ(position)/σ(-1); outside: σ(distance past the last window), -1 before any. */
  private final double[] shape;
  private final int[] fileOfWindow;
  private final int[] descending;

  private NabScorer(List<String> files, int[] fileOfRow, double[] score, int[] window, double[] shape, int[] fileOfWindow) {
    this.files = files;
    this.fileOfRow = fileOfRow;
    this.score = score;
    this.window = window;
    this.shape = shape;
    this.fileOfWindow = fileOfWindow;
    this.descending = sortDescending(score);
  }

  /** NAB's scaled sigmoid: {@code 2/(1+e^(5y)) - 1}, and -1 from {@code y >= 3}. */
  public static double scaledSigmoid(double y) {
    return y >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
  }

  /** NAB's probationary length of a file with {@code rows} rows: {@code min(floor(0.15 N), 750)}. */
  public static double probationLength(int rows, double probationPercent) {
    return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
  }

  /**
   * Prepares a corpus for scoring with NAB's probation.
   *
   * @param scores one series of anomaly scores per file (its relative path is the labels key)
   * @param windows the labels: relative path -> windows; every scored file must have an entry
   */
  public static NabScorer of(List<NabSeries> scores, Map<String, List<NabWindow>> windows) {
    return of(scores, windows, PROBATION_PERCENT);
  }

  /** As {@link #of(List, Map)} with another probationary fraction (0 for none). */
  public static NabScorer of(List<NabSeries> scores, Map<String, List<NabWindow>> windows, double probationPercent) {
    Builder b = new Builder(scores.stream().mapToInt(NabSeries::size).sum());
    for (NabSeries s : scores) {
      List<NabWindow> fileWindows = windows.get(s.relativePath());
      if (fileWindows == null) {
        throw new NabFormatException("the labels have no entry for " + s.relativePath());
      }
      b.add(s, fileWindows, probationPercent);
    }
    return b.build();
  }

  /** Number of labelled windows that count (at least one row after probation). */
  public int windowCount() {
    return fileOfWindow.length;
  }

  /** Raw NAB score of the corpus when every row with {@code score >= threshold} is a detection. */
  public double rawScore(NabProfile profile, double threshold) {
    return Arrays.stream(rawScoreByFile(profile, threshold)).sum();
  }

  /** Raw score per file (in the order given), at one threshold. */
  public double[] rawScoreByFile(NabProfile profile, double threshold) {
    double[] byFile = new double[files.size()];
    double[] best = new double[fileOfWindow.length];
    Arrays.fill(best, -profile.fnWeight());
    for (int i = 0; i < score.length; i++) {
      if (score[i] < threshold) {
        continue;
      }
      if (window[i] < 0) {
        byFile[fileOfRow[i]] += shape[i] * profile.fpWeight();
      } else {
        best[window[i]] = Math.max(best[window[i]], shape[i] * profile.tpWeight());
      }
    }
    for (int w = 0; w < best.length; w++) {
      byFile[fileOfWindow[w]] += best[w];
    }
    return byFile;
  }

  /** Relative paths of the scored files, in the order given. */
  public List<String> files() {
    return files;
  }

  /** Number of windows of each file, in the order given. */
  public int[] windowsByFile() {
    int[] counts = new int[files.size()];
    for (int f : fileOfWindow) {
      counts[f]++;
    }
    return counts;
  }

  /**
   * Sweeps every distinct row score as the threshold and returns the one with the highest raw score
   * (the highest such threshold on ties), normalised.
   */
  public NabResult optimise(NabProfile profile) {
    double[] best = new double[fileOfWindow.length];
    Arrays.fill(best, -profile.fnWeight());
    double total = -profile.fnWeight() * best.length;
    double bestTotal = total;
    double bestThreshold = Double.POSITIVE_INFINITY;
    for (int k = 0; k < descending.length; k++) {
      int i = descending[k];
      if (window[i] < 0) {
        total += shape[i] * profile.fpWeight();
      } else {
        double tp = shape[i] * profile.tpWeight();
        if (tp > best[window[i]]) {
          total += tp - best[window[i]];
          best[window[i]] = tp;
        }
      }
      boolean lastOfGroup = k == descending.length - 1 || score[descending[k + 1]] != score[i];
      if (lastOfGroup && total > bestTotal) {
        bestTotal = total;
        bestThreshold = score[i];
      }
    }
    return result(profile, bestThreshold, bestTotal);
  }

  /** The result at a fixed threshold (e.g. a published one). */
  public NabResult at(NabProfile profile, double threshold) {
    return result(profile, threshold, rawScore(profile, threshold));
  }

  private NabResult result(NabProfile profile, double threshold, double raw) {
    return new NabResult(profile, threshold, raw, normalise(profile, raw, windowCount()));
  }

  /** NAB's normalised score: {@code 100 (raw - null) / (perfect - null)} for {@code windows} windows. */
  public static double normalise(NabProfile profile, double raw, int windows) {
    double nullScore = -profile.fnWeight() * windows;
    double perfect = profile.tpWeight() * windows;
    return windows == 0 ? Double.NaN : 100.0 * (raw - nullScore) / (perfect - nullScore);
  }

  private static int[] sortDescending(double[] score) {
    // Sort (score, index) pairs once; every profile's sweep reuses the order.
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
    int[] result = new int[order.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = order[i];
    }
    return result;
  }

  /** Collects rows file by file. */
  private static final class Builder {
    private final List<String> files = new ArrayList<>();
    private final int[] fileOfRow;
    private final double[] score;
    private final int[] window;
    private final double[] shape;
    private final List<Integer> fileOfWindow = new ArrayList<>();
    private int rows;

    Builder(int capacity) {
      fileOfRow = new int[capacity];
      score = new double[capacity];
      window = new int[capacity];
      shape = new double[capacity];
    }

    void add(NabSeries s, List<NabWindow> windows, double probationPercent) {
      int file = files.size();
      files.add(s.relativePath());
      int[][] limits = rowLimits(s, windows);
      double probation = probationLength(s.size(), probationPercent);
      Map<Integer, Integer> globalIds = new LinkedHashMap<>();
      int next = 0;
      int current = -1;
      int prevRight = -1;
      int prevWidth = 0;
      for (int i = 0; i < s.size(); i++) {
        if (next < limits.length && i == limits[next][0]) {
          current = next++;
        }
        double rowShape;
        if (current >= 0) {
          int right = limits[current][1];
          double width = right - limits[current][0] + 1;
          rowShape = scaledSigmoid(-(right - i + 1) / width) / MAX_TP;
        } else {
          rowShape = prevRight < 0 ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1));
        }
        if (i >= probation) {
          fileOfRow[rows] = file;
          score[rows] = s.value(i);
          shape[rows] = rowShape;
          window[rows] = current < 0 ? -1 : globalIds.computeIfAbsent(current, w -> newWindow(file));
          rows++;
        }
        if (current >= 0 && i == limits[current][1]) {
          prevRight = i;
          prevWidth = limits[current][1] - limits[current][0] + 1;
          current = -1;
        }
      }
    }

    private int newWindow(int file) {
      fileOfWindow.add(file);
      return fileOfWindow.size() - 1;
    }

    private static int[][] rowLimits(NabSeries s, List<NabWindow> windows) {
      Map<String, Integer> rowOf = new java.util.HashMap<>();
      for (int i = 0; i < s.size(); i++) {
        rowOf.putIfAbsent(s.timestamp(i), i);
      }
      int[][] limits = new int[windows.size()][];
      for (int w = 0; w < limits.length; w++) {
        NabWindow win = windows.get(w);
        Integer start = rowOf.get(win.start());
        Integer end = rowOf.get(win.end());
        if (start == null || end == null) {
          throw new NabFormatException(s.relativePath() + ": window [" + win.start() + ", " + win.end() + "] does not start and end on rows of the file");
        }
        limits[w] = new int[] {start, end};
      }
      Arrays.sort(limits, (a, b) -> Integer.compare(a[0], b[0]));
      for (int w = 1; w < limits.length; w++) {
        if (limits[w][0] <= limits[w - 1][1]) {
          throw new NabFormatException(s.relativePath() + ": windows overlap at row " + limits[w][0]);
        }
      }
      return limits;
    }

    NabScorer build() {
      return new NabScorer(
          List.copyOf(files),
          Arrays.copyOf(fileOfRow, rows),
          Arrays.copyOf(score, rows),
          Arrays.copyOf(window, rows),
          Arrays.copyOf(shape, rows),
          fileOfWindow.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
