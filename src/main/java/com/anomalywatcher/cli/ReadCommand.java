package com.anomalywatcher.cli;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.ReadFilter;
import com.anomalywatcher.store.ReadingFollower;
import com.anomalywatcher.store.ReadingStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code read}: the latest readings as a table, or {@code --loop} to follow new ones. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = {
      "Show the latest readings, newest first.",
      "With --loop, then follow new readings as they are stored (each shown once) until Ctrl-C."
    })
final class ReadCommand implements Callable<Integer> {
  private static final String ROW = "%-20s  %-28s  %-8s  %-7s  %10s %-4s  %s%n";

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "How many rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--sensor", paramLabel = "SENSOR_ID", description = "Only this sensor id.")
  String sensorId;

  @Option(names = "--category", paramLabel = "CATEGORY", description = "Only this category: oven, heater, lamp, fan, pm.")
  String category;

  @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class, description = "Only readings at or after this ISO-8601 time.")
  Instant since;

  @Option(names = "--loop", description = "Keep following new readings until Ctrl-C.")
  boolean loop;

  @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "1", description = "With --loop: seconds between polls (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (limit <= 0) {
      throw usage("--limit must be > 0, got " + limit);
    }
    if (!(pollSeconds > 0)) {
      throw usage("--poll must be > 0 seconds, got " + pollSeconds);
    }
    Optional<Category> cat = Optional.empty();
    if (category != null) {
      try {
        cat = Optional.of(Category.parse(category));
      } catch (IllegalArgumentException e) {
        throw usage("--category: " + e.getMessage());
      }
    }
    ReadFilter filter = new ReadFilter(Optional.ofNullable(sensorId), cat, Optional.ofNullable(since));
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised()) {
      ReadingStore store = new ReadingStore(db);
      header(out);
      if (!loop) {
        List<Reading> rows = store.latest(filter, limit);
        rows.forEach(r -> row(out, r));
        out.printf(Locale.ROOT, "(%d rows)%n", rows.size());
        return 0;
      }
      follow(out, store, filter);
    }
    return 0;
  }

  private void follow(PrintWriter out, ReadingStore store, ReadFilter filter) throws InterruptedException {
    try (StopSignal stop = StopSignal.onInterrupt()) {
      ReadingFollower follower = store.follow(filter, limit);
      List<Reading> backlog = new java.util.ArrayList<>(follower.initial());
      java.util.Collections.reverse(backlog);
      backlog.forEach(r -> row(out, r));
      long pollMillis = Math.max(1, Math.round(pollSeconds * 1000));
      while (!stop.requested()) {
        List<Reading> batch;
        do {
          batch = follower.poll();
          batch.forEach(r -> row(out, r));
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

  private static void header(PrintWriter out) {
    out.printf(Locale.ROOT, ROW, "timestamp", "sensor_id", "category", "type", "value", "unit", "location");
  }

  private static void row(PrintWriter out, Reading r) {
    out.printf(Locale.ROOT, ROW, r.timestamp(), r.sensorId(), r.category(), r.type().dbName(),
        formatValue(r), r.unit(), r.location());
  }

  private static String formatValue(Reading r) {
    return switch (r.type()) {
      case DIGITAL -> r.value() >= 0.5 ? "1 (on)" : "0 (off)";
      case ANALOG, SERIAL -> String.format(Locale.ROOT, "%.2f", r.value());
    };
  }
}
