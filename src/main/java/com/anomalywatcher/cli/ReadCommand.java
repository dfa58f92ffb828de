package com.anomalywatcher.cli;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadFilter;
import com.anomalywatcher.store.ReadingFollower;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.StoredReading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code read}: the latest readings as a table, CSV or JSON, or {@code --loop} to follow new ones. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = {
      "Show the latest readings, newest first.",
      "With --loop, then follow new readings as they are stored (each shown once) until Ctrl-C;",
      "with --loop, --format json prints one JSON object per line."
    })
final class ReadCommand implements Callable<Integer> {
  /** Fixed widths for --loop, where the rows to come cannot be measured in advance. */
  private static final String LOOP_ROW = "%-20s  %-28s  %-8s  %-7s  %16s  %s%n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin OutputFormat format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--sensor", paramLabel = "SENSOR_ID", description = "Only this sensor id (one a sensor has: see 'sensors list').")
  String sensorId;

  @Option(names = "--category", paramLabel = "CATEGORY",
      description = "Only this category: oven, heater, lamp, fan, pm, or any other a sensor from outside was registered with.")
  String category;

  @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class, description = "Only readings at or after this ISO-8601 time.")
  Instant since;

  @Option(names = "--loop", description = "Keep following new readings until Ctrl-C.")
  boolean loop;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1", converter = DurationConverter.Seconds.class,
      description = "With --loop: time between polls, e.g. 500ms or 2s; a bare number is seconds (default: ${DEFAULT-VALUE} s).")
  Duration poll;

  @Override
  public Integer call() throws InterruptedException {
    if (limit <= 0) {
      throw usage("--limit must be > 0, got " + limit);
    }
    if (poll.isNegative() || poll.isZero()) {
      throw usage("--poll must be > 0, got " + Human.given(poll));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised()) {
      Optional<String> cat = category == null ? Optional.empty() : Optional.of(storedCategory(db));
      if (sensorId != null && !new SensorRegistry(db).isKnown(sensorId)) {
        // An id no sensor has would print 0 rows (or follow nothing forever), as if the sensor were quiet.
        throw usage("--sensor '" + sensorId + "' is not a known sensor (see 'anomaly-watcher sensors list')");
      }
      ReadFilter filter = new ReadFilter(Optional.ofNullable(sensorId), cat, Optional.ofNullable(since));
      ReadingStore store = new ReadingStore(db);
      if (!loop) {
        List<StoredReading> rows = store.latestStored(filter, limit);
        Table table = table(rows);
        table.print(out, format.kind);
        if (format.isTable()) {
          out.println("(" + Human.count(rows.size(), "row") + ")");
        }
        out.flush();
        return 0;
      }
      follow(out, store, filter);
    }
    return 0;
  }

  /**
   * {@code --category} as stored: one of the simulated categories (any case), or the category a sensor
   * from outside registered with (a {@code boiler} over MQTT, a {@code cold_room} from CSV).
   */
  private String storedCategory(Database db) {
    try {
      return Category.parse(category).dbName();
    } catch (IllegalArgumentException notSimulated) {
      List<String> stored = new SensorRegistry(db).categories();
      for (String c : stored) {
        if (c.equalsIgnoreCase(category)) {
          return c;
        }
      }
      Set<String> simulated = new TreeSet<>();
      for (Category c : Category.values()) {
        simulated.add(c.dbName());
      }
      // Two lists: the simulated categories were listed as "of the stored sensors" even where none is stored.
      throw usage("--category must be a simulated category (" + String.join(", ", simulated)
          + ") or one of the stored sensors' (" + (stored.isEmpty() ? "none" : String.join(", ", new TreeSet<>(stored)))
          + "), got '" + category + "'");
    }
  }

  private void follow(PrintWriter out, ReadingStore store, ReadFilter filter) throws InterruptedException {
    try (StopSignal stop = StopSignal.onInterrupt()) {
      ReadingFollower follower = store.follow(filter, limit);
      List<StoredReading> backlog = new ArrayList<>(follower.initial());
      Collections.reverse(backlog);
      printLoopHeader(out);
      backlog.forEach(r -> printLoopRow(out, r));
      stop.graceful();
      long pollMillis = Math.max(1, poll.toMillis());
      while (!stop.requested()) {
        List<StoredReading> batch;
        do {
          batch = follower.poll();
          batch.forEach(r -> printLoopRow(out, r));
        } while (batch.size() >= ReadingFollower.MAX_ROWS_PER_POLL);
        out.flush();
        long until = System.nanoTime() + pollMillis * 1_000_000;
        while (!stop.requested() && System.nanoTime() < until) {
          Thread.sleep(Math.min(100, pollMillis));
        }
      }
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static Table table(List<StoredReading> rows) {
    Table t = new Table(List.of(
        Table.Column.left("timestamp", "time (UTC)"),
        Table.Column.left("sensor_id", "sensor"),
        Table.Column.left("category", "category"),
        Table.Column.left("type", "type"),
        Table.Column.right("value", "value"),
        // The table shows the unit with the value ("181.30 °C"); a unit column repeated it.
        Table.Column.forPrograms("unit"),
        Table.Column.left("location", "location"),
        Table.Column.left("sensors_metadata", "metadata")));
    for (StoredReading r : rows) {
      t.add(r.timestamp().toString(), r.sensorId(), r.category(), r.type(),
          Table.cell(r.value(), shownValue(r)), Table.cell(r.unit(), Human.unit(r.unit())), r.location(),
          Table.cell(metadata(r.metadataJson()), shortMetadata(r.metadataJson())));
    }
    return t;
  }

  private void printLoopHeader(PrintWriter out) {
    switch (format.kind) {
      case TABLE -> out.printf(Locale.ROOT, LOOP_ROW, "time (UTC)", "sensor", "category", "type", "value", "location");
      case CSV -> out.println("timestamp,sensor_id,category,type,value,unit,location,sensors_metadata");
      case JSON -> { }
    }
  }

  private void printLoopRow(PrintWriter out, StoredReading r) {
    switch (format.kind) {
      case TABLE -> out.printf(Locale.ROOT, LOOP_ROW, r.timestamp(), r.sensorId(), r.category(), r.type(),
          shownValue(r), r.location());
      case CSV -> {
        Table one = table(List.of(r));
        java.io.StringWriter w = new java.io.StringWriter();
        one.print(new PrintWriter(w), OutputFormat.Kind.CSV);
        String[] lines = w.toString().split("\\R");
        out.println(lines[1]);
      }
      case JSON -> out.println(table(List.of(r)).jsonLine(0));
    }
  }

  /** The value with its unit; digital (on/off) readings as {@code 1 (on)}. */
  private static String shownValue(StoredReading r) {
    return Human.value(r.value(), r.unit(), "digital".equals(r.type()));
  }

  /** The metadata as JSON for programs; text when another program stored something unparsable. */
  private static Object metadata(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static String shortMetadata(String json) {
    String compact = json.replace("\n", " ");
    return compact.length() <= 60 ? compact : compact.substring(0, 57) + "...";
  }
}
