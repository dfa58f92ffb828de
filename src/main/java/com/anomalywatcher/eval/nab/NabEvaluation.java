package com.anomalywatcher.eval.nab;

import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.StreamingDetector;
import com.anomalywatcher.detect.StreamingDetectorSettings;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams every file of a NAB-layout corpus through a fresh {@link StreamingDetector} (one per file
 * and seed, each reading scored before it is learned) and scores the result with {@link NabScorer}.
 */
public final class NabEvaluation {
  private NabEvaluation() {}

  /** The outcome for one seed: per-file score series and the optimised result per profile. */
  public record SeedRun(long seed, List<NabSeries> scores, NabScorer scorer, Map<NabProfile, NabResult> results) {
    public SeedRun {
      scores = List.copyOf(scores);
      results = Map.copyOf(results);
    }
  }

  /** Which detector a run scores. */
  public enum Detector {
    /** The streaming Random Cut Forest core alone, on the values. */
    CORE,
    /**
     * The product detector the watcher gives a sensor of unknown category ({@code SensorDetector}
     * with the generic check), cold: no training, each reading judged then learned, timestamps
     * included.
     */
    GENERIC
  }

  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  /** Scores of one file by a fresh detector of the given kind (the core's settings apply to CORE). */
  public static NabSeries run(NabSeries data, Detector detector, StreamingDetectorSettings settings, long seed) {
    return switch (detector) {
      case CORE -> run(data, settings, seed);
      case GENERIC -> runGeneric(data, seed);
    };
  }

  private static NabSeries runGeneric(NabSeries data, long seed) {
    SensorDetector detector = SensorDetector.fresh(
        SensorDescription.generic(null, SensorType.ANALOG, "", null), data.relativePath() + "#" + seed);
    String[] times = data.timestamps();
    double[] scores = new double[data.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = detector.observe(instant(times[i]), data.value(i), null).score();
    }
    return new NabSeries(data.relativePath(), times, scores);
  }

  private static Instant instant(String nabTime) {
    String t = nabTime.strip().replace('T', ' ');
    return LocalDateTime.parse(t.length() > 26 ? t.substring(0, 26) : t, NAB_TIME).toInstant(ZoneOffset.UTC);
  }

  /** Scores of one file by a fresh detector seeded from {@code seed} and the file's path. */
  public static NabSeries run(NabSeries data, StreamingDetectorSettings settings, long seed) {
    StreamingDetector detector = new StreamingDetector(settings, fileSeed(seed, data.relativePath()));
    double[] scores = new double[data.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = detector.process(data.value(i)).score();
    }
    return new NabSeries(data.relativePath(), data.timestamps(), scores);
  }

  /** The seed of one file's detector, derived from the run's seed and the file's path. */
  static long fileSeed(long seed, String relativePath) {
    long h = seed * 0x9E3779B97F4A7C15L + relativePath.hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /**
   * Runs every (file, seed) pair on {@code threads} threads and scores each seed's corpus.
   *
   * @param data the corpus files, already read
   * @param windows the labels (every file must have an entry)
   */
  public static List<SeedRun> evaluate(List<NabSeries> data, Map<String, List<NabWindow>> windows,
      StreamingDetectorSettings settings, List<Long> seeds, int threads) throws InterruptedException {
    return evaluate(data, windows, Detector.CORE, settings, seeds, threads, (done, total) -> { });
  }

  /** Told in the calling thread how many (file, seed) runs have finished, of how many. */
  public interface Progress {
    void finished(int done, int total);
  }

  /** As {@link #evaluate(List, Map, StreamingDetectorSettings, List, int)}, reporting progress as runs finish. */
  public static List<SeedRun> evaluate(List<NabSeries> data, Map<String, List<NabWindow>> windows,
      StreamingDetectorSettings settings, List<Long> seeds, int threads, Progress progress) throws InterruptedException {
    return evaluate(data, windows, Detector.CORE, settings, seeds, threads, progress);
  }

  /** As {@link #evaluate(List, Map, StreamingDetectorSettings, List, int, Progress)} with the given detector. */
  public static List<SeedRun> evaluate(List<NabSeries> data, Map<String, List<NabWindow>> windows, Detector detector,
      StreamingDetectorSettings settings, List<Long> seeds, int threads, Progress progress) throws InterruptedException {
    NabScorer.of(data, windows); // fails fast on labels that do not fit the data, before any work
    NabSeries[][] results = new NabSeries[seeds.size()][data.size()];
    ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads());
    try {
      CompletionService<Void> completion = new ExecutorCompletionService<>(pool);
      int submitted = 0;
      // Longest files first, so the last task to start is a short one.
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        order.add(i);
      }
      order.sort((a, b) -> Integer.compare(data.get(b).size(), data.get(a).size()));
      for (int s = 0; s < seeds.size(); s++) {
        for (int f : order) {
          int seedIndex = s;
          completion.submit(() -> {
            results[seedIndex][f] = run(data.get(f), detector, settings, seeds.get(seedIndex));
            return null;
          });
          submitted++;
        }
      }
      for (int done = 1; done <= submitted; done++) {
        completion.take().get();
        progress.finished(done, submitted);
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<SeedRun> runs = new ArrayList<>();
    for (int s = 0; s < seeds.size(); s++) {
      List<NabSeries> scores = List.of(results[s]);
      NabScorer scorer = NabScorer.of(scores, windows);
      Map<NabProfile, NabResult> byProfile = new EnumMap<>(NabProfile.class);
      for (NabProfile p : NabProfile.values()) {
        byProfile.put(p, scorer.optimise(p));
      }
      runs.add(new SeedRun(seeds.get(s), scores, scorer, byProfile));
    }
    return runs;
  }

  /** Reads every CSV file of a NAB-layout data folder. */
  public static List<NabSeries> readCorpus(Path dataDir) {
    List<NabSeries> data = new ArrayList<>();
    for (String rel : NabCorpus.list(dataDir)) {
      data.add(NabCorpus.readData(dataDir, rel));
    }
    return data;
  }

  private static java.util.concurrent.ThreadFactory namedThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "nab-eval-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
