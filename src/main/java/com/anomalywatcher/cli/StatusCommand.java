package com.anomalywatcher.cli;

import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository.StoredModel;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.monitor.SensorCatalog;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore.Checkpoint;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
  /** History that shows each weekday twice: enough to learn the day types. */
  private static final Duration FULL_HISTORY = Duration.ofDays(14);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin ModelsDirOption models;
  @Mixin OutputFormat format;

  /** The wall clock "no readings for ..." is measured against. */
  Clock clock = Clock.systemUTC();

  /** What status shows, read once: the sensors with readings and, by sensor id, what is known of each. */
  private record Fleet(List<SensorRow> sensors, Map<String, StoredModel> models, Map<String, String> unreadable,
      Map<String, Instant> firstReadings, Map<String, Checkpoint> checkpoints, Map<String, Integer> openAlerts,
      SensorCatalog catalog, SinkHealth sinks) {}

  /** The counts the lines under the table state. Owned by one call. */
  private static final class Tally {
    int warming;
    int shortHistory;
    int shortButStored;

    /** Counts a sensor: warming up unless ready; a history under two weeks, and whether two weeks are stored. */
    void count(boolean ready, Duration history, Instant firstReading, Instant newestReading) {
      warming += ready ? 0 : 1;
      if (history != null && history.compareTo(FULL_HISTORY) < 0) {
        shortHistory++;
        boolean stored = firstReading != null && newestReading != null
            && Duration.between(firstReading, newestReading).compareTo(FULL_HISTORY) >= 0;
        shortButStored += stored ? 1 : 0;
      }
    }
  }

  @Override
  public Integer call() {
    ModelRepository repository = WatchOptions.readableModels(spec, models.dir(dbOptions.config()));
    Fleet fleet = load(repository);
    Table t = newTable();
    Tally tally = new Tally();
    Instant now = clock.instant();
    for (SensorRow s : fleet.sensors()) {
      addRow(t, s, fleet, tally, now);
    }
    PrintWriter out = spec.commandLine().getOut();
    t.print(out, format.kind);
    if (format.isTable()) {
      printSummary(out, fleet, repository, tally);
    }
    out.flush();
    return 0;
  }

  /** The saved models, then what the database holds of the sensors. */
  private Fleet load(ModelRepository repository) {
    Map<String, StoredModel> byId = new HashMap<>();
    for (StoredModel m : repository.list()) {
      byId.put(m.metadata().sensorId(), m);
    }
    Map<String, String> unreadable = repository.unreadable();
    try (Database db = dbOptions.openInitialised()) {
      AlertStore alerts = new AlertStore(db);
      ReadingStore readings = new ReadingStore(db);
      List<SensorRow> sensors = readings.sensors();
      Map<String, Instant> firstReadings = readings.firstReadings(sensors.stream().map(SensorRow::sensorId).toList());
      Map<String, Checkpoint> checkpoints = alerts.checkpoints();
      SensorCatalog catalog = new SensorCatalog(new SensorRegistry(db).descriptions());
      Map<String, Integer> open = new HashMap<>();
      for (AlertRow a : alerts.openAlerts()) {
        open.merge(a.sensorId(), 1, Integer::sum);
      }
      return new Fleet(sensors, byId, unreadable, firstReadings, checkpoints, open, catalog, SinkHealth.read(db));
    }
  }

  private static Table newTable() {
    return new Table(List.of(
        Table.Column.left("sensor_id", "sensor"),
        Table.Column.left("model_version", "model"),
        Table.Column.left("trained_at", "trained (UTC)"),
        Table.Column.right("training_points", "trained on"),
        Table.Column.left("history", "history"),
        Table.Column.right("model_bytes", "model size"),
        Table.Column.left("state", "state"),
        Table.Column.left("last_scored_at", "scored up to (UTC)"),
        Table.Column.left("last_reading_at", "newest reading (UTC)"),
        Table.Column.right("open_alerts", "open alerts"),
        // "history" is the span in days as a bare number, kept for scripts that read it; these say
        // their unit in their name, the seconds exact.
        Table.Column.forPrograms("history_days"),
        Table.Column.forPrograms("history_seconds")));
  }

  /** One sensor's row, counted in {@code tally}. */
  private static void addRow(Table t, SensorRow s, Fleet fleet, Tally tally, Instant now) {
    String id = s.sensorId();
    StoredModel m = fleet.models().get(id);
    Checkpoint c = fleet.checkpoints().get(id);
    Instant first = fleet.firstReadings().get(id);
    // A sensor whose model is unreadable warms up afresh at the monitor's next start, whatever its
    // checkpoint said when the model was still read: counted so, as its line says.
    boolean ready = m != null ? m.metadata().points() >= SensorDetector.WARMUP_READINGS
        : c != null && c.ready() && !fleet.unreadable().containsKey(id);
    Duration history = m == null ? null : learnedSpan(m.metadata(), first, s.lastReadingAt());
    tally.count(ready, history, first, s.lastReadingAt());
    t.add(id,
        m == null ? Table.cell(null, "none") : Table.cell(m.metadata().modelVersion(), "v" + m.metadata().modelVersion()),
        m == null ? null : Table.cell(m.metadata().trainedAt().toString(), TIME.format(m.metadata().trainedAt())),
        m == null ? null : Table.cell(m.metadata().points(), Human.count(m.metadata().points(), "reading")),
        history == null ? null : Table.cell(history.toHours() / 24.0, history(history)),
        m == null ? null : Table.cell(m.bytes(), Human.size(m.bytes())),
        fleet.unreadable().containsKey(id) ? "warming up, " + fleet.unreadable().get(id)
            : SensorStatus.describe(s, fleet.catalog().describe(s), m != null, ready, first, now),
        c == null ? Table.cell(null, "never") : Table.cell(c.lastScoredAt().toString(), TIME.format(c.lastScoredAt())),
        Table.cell(s.lastReadingAt() == null ? null : s.lastReadingAt().toString(), time(s.lastReadingAt())),
        fleet.openAlerts().getOrDefault(id, 0),
        history == null ? null : history.getSeconds() / 86_400.0,
        history == null ? null : history.getSeconds());
  }

  /** The lines under the table: how many sensors, models and warming up; advice on short histories. */
  private static void printSummary(PrintWriter out, Fleet fleet, ModelRepository repository, Tally tally) {
    out.printf(Locale.ROOT, "%s, %s in %s, %d warming up%n", Human.count(fleet.sensors().size(), "sensor"),
        Human.count(fleet.models().size(), "model"), repository.dir(), tally.warming);
    if (tally.shortHistory > 0) {
      out.printf(Locale.ROOT, "%s trained on less than 14 days: each weekday needs two weeks before its day type "
          + "(working, short or closed day) is learned; until then a quiet weekday may alert. %s%n",
          Human.count(tally.shortHistory, "model"), shortHistoryAdvice(tally.shortHistory, tally.shortButStored));
    }
    fleet.sinks().print(out);
  }

  /**
   * The span of readings a model learned from: its training window cut to the sensor's first and
   * newest readings, each of its readings counting for its share of that span (so 20,160 readings a
   * minute apart are 14 d, not 14 d less a minute). The window alone said "7.0 d" of a sensor
   * trained on its one reading; that one is 0 s now.
   */
  static Duration learnedSpan(ModelMetadata m, Instant firstReading, Instant newestReading) {
    Instant from = firstReading != null && firstReading.isAfter(m.from()) ? firstReading : m.from();
    Instant to = newestReading != null && newestReading.isBefore(m.to()) ? newestReading : m.to();
    if (!to.isAfter(from) || m.points() < 2) {
      return Duration.ZERO;
    }
    Duration readings = Duration.between(from, to);
    boolean cut = to.isBefore(m.to());
    Duration span = cut ? readings.multipliedBy(m.points()).dividedBy(m.points() - 1) : readings;
    Duration window = Duration.between(m.from(), m.to());
    return span.compareTo(window) > 0 ? window : span;
  }

  /** A model's training history, and what is missing when it is shorter than two weeks. */
  private static String history(Duration d) {
    String days = d.compareTo(Duration.ofDays(1)) < 0 ? Human.duration(d.truncatedTo(ChronoUnit.MINUTES))
        : String.format(Locale.ROOT, "%.1f d", d.toMinutes() / 1440.0);
    return d.compareTo(FULL_HISTORY) >= 0 ? days : days + " (day types need 14 d)";
  }

  /**
   * What to do about models trained on less than two weeks: train again where the database already
   * holds two weeks of the sensor's readings; elsewhere only time helps, and retraining now would
   * learn the same short history.
   */
  static String shortHistoryAdvice(int shortHistory, int shortButStored) {
    if (shortButStored == shortHistory) {
      return "The database holds 14 days of their readings: train --hours 336";
    }
    if (shortButStored == 0) {
      return "The database holds less than 14 days of their readings: train --hours 336 once it does";
    }
    return String.format(Locale.ROOT, "%d of them can learn 14 days now (train --hours 336); for the other %d the "
        + "database holds less than 14 days of readings: train again once it does", shortButStored,
        shortHistory - shortButStored);
  }

  private static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }
}
