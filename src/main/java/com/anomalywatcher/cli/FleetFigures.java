package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What {@code bench fleet} measured, printed as a table and optionally one JSON line. Owned by one thread. */
final class FleetFigures {
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, long[]> diskByKind = new TreeMap<>();
  private Map<String, ModelHeap.Kind> heapByKind = Map.of();
  private final List<String> lines = new ArrayList<>();

  FleetFigures(int sensors, int days, int liveMinutes, long seed) {
    figures.put("sensors", sensors);
    figures.put("days", days);
    figures.put("live_minutes", liveMinutes);
    figures.put("seed", seed);
    figures.put("processors", Runtime.getRuntime().availableProcessors());
    figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /** Whether the live monitor started cycles early for committed readings, and its cycles' offset. */
  void earlyCycles(boolean early, int offsetSeconds) {
    figures.put("early_cycles", early);
    figures.put("monitor_offset_s", offsetSeconds);
  }

  void sample(long rows, Duration elapsed) {
    rate("sample", rows, elapsed);
  }

  void train(long readings, Duration elapsed) {
    rate("train", readings, elapsed);
  }

  void monitor(long readings, Duration elapsed) {
    rate("monitor", readings, elapsed);
  }

  private void rate(String step, long readings, Duration elapsed) {
    double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
    figures.put(step + "_readings", readings);
    figures.put(step + "_seconds", round(seconds));
    figures.put(step + "_readings_per_s", Math.round(readings / seconds));
    lines.add(String.format(Locale.ROOT, "%-22s %,12d readings in %8.1f s = %,9.0f readings/s", step, readings,
        seconds, readings / seconds));
  }

  void disk(List<ModelRepository.StoredModel> models) {
    for (ModelRepository.StoredModel m : models) {
      long[] k = diskByKind.computeIfAbsent(ModelHeap.kind(m.metadata().sensor()), x -> new long[2]);
      k[0]++;
      k[1] += m.bytes();
    }
    long bytes = models.stream().mapToLong(ModelRepository.StoredModel::bytes).sum();
    figures.put("models", models.size());
    figures.put("disk_bytes_per_model", models.isEmpty() ? 0 : bytes / models.size());
  }

  void heap(Map<String, ModelHeap.Kind> byKind) {
    heapByKind = Map.copyOf(byKind);
  }

  void coldStart(Duration elapsed) {
    figures.put("cold_start_seconds", round(elapsed.toNanos() / 1e9));
    lines.add(String.format(Locale.ROOT, "%-22s %8.1f s (a new monitor: sensors, checkpoints, models, context)",
        "cold start", elapsed.toNanos() / 1e9));
  }

  /** How the reading that opened a live alert reached the database ({@code bench fleet}'s latency split). */
  enum Arrival {
    /** Committed with its tick, its sensor's previous reading before it. */
    ON_TIME("on time", "readings that came on time"),
    /** After a reading its sensor lost (a reorder window that held readings waited for it in vain). */
    AFTER_LOST("after lost", "readings after one their sensor lost"),
    /**
     * Committed before an older reading of its sensor that arrived late: the reorder window held
     * such readings back for it until 2026-12-05; since then they are scored at once.
     */
    WAITED("waited", "readings that came before an older late one"),
    /** Committed after a newer reading of its sensor. */
    LATE("late", "readings that came late");

    final String label;
    final String what;

    Arrival(String label, String what) {
      this.label = label;
      this.what = what;
    }
  }

  /**
   * @param millis from each live alert's reading time to its committed opening
   * @param fromCommit from the commit of that reading to the committed opening, by how it arrived
   */
  void latency(List<Long> millis, Map<Arrival, List<Long>> fromCommit) {
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    figures.put("alerts_live", sorted.size());
    if (sorted.isEmpty()) {
      lines.add("alert latency          no alert opened live");
      return;
    }
    addPercentiles(sorted, "alert_latency", "alert latency", "reading time to committed alert");
    List<Long> all = new ArrayList<>();
    fromCommit.values().forEach(all::addAll);
    all.sort(null);
    if (!all.isEmpty()) {
      addPercentiles(all, "alert_latency_from_commit", "", "reading's commit to committed alert");
    }
    for (Map.Entry<Arrival, List<Long>> e : fromCommit.entrySet()) {
      List<Long> kind = new ArrayList<>(e.getValue());
      kind.sort(null);
      if (!kind.isEmpty()) {
        addPercentiles(kind, "alert_latency_from_commit_" + e.getKey().label.replace(' ', '_'), "  " + e.getKey().label,
            "from commit, " + e.getKey().what);
      }
    }
  }

  /** The p50 and p99 of {@code sorted} (ascending, not empty) as figures {@code key_p50_ms}, {@code key_p99_ms} and a line. */
  private void addPercentiles(List<Long> sorted, String key, String label, String what) {
    long p50 = percentile(sorted, 0.50);
    long p99 = percentile(sorted, 0.99);
    figures.put(key + "_p50_ms", p50);
    figures.put(key + "_p99_ms", p99);
    lines.add(String.format(Locale.ROOT, "%-22s p50 %.1f s, p99 %.1f s over %d alerts (%s)",
        label, p50 / 1000.0, p99 / 1000.0, sorted.size(), what));
  }

  void maxRss(long bytes) {
    figures.put("max_rss_mb", bytes / (1024 * 1024));
  }

  private static long percentile(List<Long> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Peak resident memory of this process (VmHWM), or -1 where /proc is not available. */
  static long maxRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return -1;
  }

  void print(PrintWriter out, boolean json) {
    out.printf(Locale.ROOT, "bench fleet: %,d sensors, %d day(s) at 1 min, seed %s, %d processors, max heap %,d MB%n",
        figures.get("sensors"), figures.get("days"), figures.get("seed"), figures.get("processors"), figures.get("max_heap_mb"));
    lines.forEach(out::println);
    out.printf(Locale.ROOT, "%-22s %8s %14s %14s%n", "model kind", "models", "disk B/model", "heap B/model");
    Map<String, Object> kinds = new TreeMap<>();
    for (Map.Entry<String, long[]> e : diskByKind.entrySet()) {
      ModelHeap.Kind heap = heapByKind.get(e.getKey());
      long disk = e.getValue()[1] / e.getValue()[0];
      long heapEach = heap == null ? -1 : heap.bytesEach();
      out.printf(Locale.ROOT, "%-22s %8d %,14d %,14d%n", e.getKey(), e.getValue()[0], disk, heapEach);
      kinds.put(e.getKey(), Map.of("models", e.getValue()[0], "disk_bytes", disk, "heap_bytes", heapEach));
    }
    figures.put("by_kind", kinds);
    out.printf(Locale.ROOT, "%-22s %,8d MB%n", "max RSS", figures.get("max_rss_mb"));
    if (json) {
      try {
        out.println(new ObjectMapper().writeValueAsString(figures));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    out.flush();
  }
}
