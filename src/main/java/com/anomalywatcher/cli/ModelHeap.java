package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.model.SensorDescription;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Heap bytes a restored detector holds, by kind: the live heap after a full GC with all models of
 * the kind restored, minus the live heap before, divided by their number. Single-threaded; for
 * {@code bench fleet}.
 */
final class ModelHeap {
  /** Models of one kind: how many, and their mean heap bytes each. */
  record Kind(long models, long bytesEach) {}

  private ModelHeap() {}

  /** Restores every model in the repository, kind after kind, and measures each kind's heap. */
  static Map<String, Kind> measure(ModelRepository repository) {
    Map<String, List<ModelRepository.StoredModel>> byKind = new TreeMap<>();
    for (ModelRepository.StoredModel m : repository.list()) {
      byKind.computeIfAbsent(kind(m.metadata().sensor()), k -> new ArrayList<>()).add(m);
    }
    Map<String, Kind> out = new TreeMap<>();
    for (Map.Entry<String, List<ModelRepository.StoredModel>> e : byKind.entrySet()) {
      long before = liveHeap();
      List<SensorDetector> held = new ArrayList<>(e.getValue().size());
      for (ModelRepository.StoredModel m : e.getValue()) {
        repository.load(m.metadata().sensorId()).map(SensorDetector::restore).ifPresent(held::add);
      }
      long after = liveHeap();
      out.put(e.getKey(), new Kind(held.size(), held.isEmpty() ? 0 : Math.max(0, after - before) / held.size()));
      held.clear();
    }
    return out;
  }

  /** A sensor's kind for the figures: its category, "digital" for a switch or lamp, or "generic". */
  static String kind(SensorDescription sensor) {
    if (sensor.generic()) {
      return sensor.isDigital() ? "generic digital" : "generic analog";
    }
    String category = sensor.category().name().toLowerCase(Locale.ROOT);
    return sensor.isDigital() ? category + " (digital)" : category + " (analog)";
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc(); // G1 runs a full collection: what remains is live
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
