package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelRepository.StoredModel;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code status}: per sensor, its model, whether it is ready or warming up, and how far it is scored. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Per sensor: model (version, trained when, on how many points, size), ready or warming up, last scored reading.")
final class StatusCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin ModelsDirOption models;

  @Override
  public Integer call() {
    ModelRepository repository = WatchOptions.readableModels(spec, models.dir);
    Map<String, StoredModel> byId = new HashMap<>();
    for (StoredModel m : repository.list()) {
      byId.put(m.metadata().sensorId(), m);
    }
    Map<String, String> unreadable = repository.unreadable();
    List<SensorRow> sensors;
    Map<String, Checkpoint> checkpoints;
    Map<String, Integer> open = new HashMap<>();
    try (Database db = dbOptions.openInitialised()) {
      AlertStore alerts = new AlertStore(db);
      sensors = new ReadingStore(db).sensors();
      checkpoints = alerts.checkpoints();
      for (AlertRow a : alerts.openAlerts()) {
        open.merge(a.sensorId(), 1, Integer::sum);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-30s %-7s %-16s %8s %8s  %-12s %-16s %-16s %s%n", "sensor", "model", "trained (UTC)",
        "points", "size", "state", "last scored", "last reading", "open alerts");
    int warming = 0;
    for (SensorRow s : sensors) {
      StoredModel m = byId.get(s.sensorId());
      Checkpoint c = checkpoints.get(s.sensorId());
      boolean ready = m != null ? m.metadata().points() >= SensorDetector.WARMUP_READINGS : c != null && c.ready();
      warming += ready ? 0 : 1;
      out.printf(Locale.ROOT, "%-30s %-7s %-16s %8s %8s  %-12s %-16s %-16s %d%s%n", s.sensorId(),
          m == null ? "none" : "v" + m.metadata().modelVersion(),
          m == null ? "-" : TIME.format(m.metadata().trainedAt()),
          m == null ? "-" : Long.toString(m.metadata().points()),
          m == null ? "-" : size(m.bytes()),
          ready ? "ready" : "warming up",
          c == null ? "never" : TIME.format(c.lastScoredAt()),
          time(s.lastReadingAt()), open.getOrDefault(s.sensorId(), 0),
          unreadable.containsKey(s.sensorId()) ? "  " + unreadable.get(s.sensorId()) : "");
    }
    out.printf(Locale.ROOT, "%d sensors, %d models in %s, %d warming up%n", sensors.size(), byId.size(),
        repository.dir(), warming);
    return 0;
  }

  private static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
        : String.format(Locale.ROOT, "%d kB", (bytes + 1023) / 1024);
  }
}
