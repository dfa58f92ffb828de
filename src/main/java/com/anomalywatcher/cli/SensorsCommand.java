package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorSetName;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.store.SensorSets.Listing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sensors list|forget}: the named sensor sets and their sensors. */
@Command(
    name = "sensors",
    mixinStandardHelpOptions = true,
    description = "List the sensors by set, or forget a set with everything stored about it.",
    subcommands = {SensorsCommand.ListSensors.class, SensorsCommand.Forget.class})
final class SensorsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: list or forget");
  }

  /** {@code sensors list [--set NAME] [--format F]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Every sensor by set: kind, category, unit, location, newest reading, and whether a",
          "generator drives it now. Sensors other programs wrote readings of show under set '-'."})
  static final class ListSensors implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;
    @Mixin OutputFormat format;

    @Option(names = {"--set", "--fleet"}, paramLabel = "NAME", description = "Only this set.")
    String set;

    @Override
    public Integer call() {
      List<Listing> rows;
      try (Database db = dbOptions.openInitialised()) {
        rows = new SensorSets(db).list();
      }
      if (set != null) {
        rows = rows.stream().filter(r -> r.set().equals(set)).toList();
      }
      Table t = new Table(List.of(
          Table.Column.left("set", "set"),
          Table.Column.left("sensor_id", "sensor"),
          Table.Column.left("kind", "kind"),
          Table.Column.left("category", "category"),
          Table.Column.left("unit", "unit"),
          Table.Column.left("location", "location"),
          Table.Column.left("last_reading", "newest reading (UTC)"),
          Table.Column.left("generating", "generating now")));
      for (Listing r : rows) {
        t.add(r.set().isEmpty() ? Table.cell(null, "-") : r.set(), r.sensorId(),
            r.kind().isEmpty() ? Table.cell(null, "-") : r.kind(), r.category(),
            Table.cell(r.unit(), Human.unit(r.unit())), r.location(),
            Table.cell(r.lastReading() == null ? null : r.lastReading().toString(),
                r.lastReading() == null ? "none" : TIME.format(r.lastReading())),
            Table.cell(r.generating(), r.generating() ? "yes" : "no"));
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format.isTable() && t.isEmpty()) {
        out.println(set == null ? "no sensors yet: 'anomaly-watcher sample' or 'continuous' creates some" : "no sensors in set '" + set + "'");
        out.flush();
        return 0;
      }
      t.print(out, format.kind);
      if (format.isTable()) {
        long sets = rows.stream().map(Listing::set).filter(s -> !s.isEmpty()).distinct().count();
        long outside = rows.stream().filter(r -> r.set().isEmpty()).count();
        // Sensors other programs wrote are in no set: '15 sensors in 1 set' hid the 3 of them.
        String none = "in none (set '-': written by other programs)";
        out.printf(Locale.ROOT, "%s %s%n", Human.count(rows.size(), "sensor"), sets == 0 ? none
            : "in " + Human.count(sets, "set") + (outside == 0 ? "" : " and " + outside + " " + none));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code sensors forget NAME [--yes]}. */
  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = {"Remove a sensor set: its sensors and everything stored about them (readings, anomaly",
          "labels, alerts, checkpoints, state). Asks for confirmation unless --yes is given."})
  static final class Forget implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions dbOptions;

    @Parameters(index = "0", paramLabel = "SET", description = "The set to remove (see 'sensors list').")
    String set;

    @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
      try {
        SensorSetName.check(set);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage().replace("--set", "SET"));
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = dbOptions.openInitialised()) {
        SensorSets sets = new SensorSets(db);
        List<String> members = sets.members(set);
        if (members.isEmpty()) {
          throw new ParameterException(spec.commandLine(), "SET '" + set + "' does not exist (see 'anomaly-watcher sensors list')");
        }
        refuseWhileGenerated(db, members);
        if (!yes && !confirmed(out, members)) {
          throw new CommandFailure("nothing removed: the answer was not the set name '" + set + "'");
        }
        Map<String, Long> deleted = sets.forget(set);
        out.printf(Locale.ROOT, "forgot set '%s': %s%n", set, summary(deleted));
        out.flush();
      }
      return 0;
    }

    /** Before asking: a set a running generator drives is refused, naming the set rather than a lease. */
    private void refuseWhileGenerated(Database db, List<String> members) {
      Set<String> driven = new TreeSet<>(SensorLease.held(db, members));
      if (!driven.isEmpty()) {
        throw new CommandFailure("set '" + set + "' is being generated now (" + Human.count(driven.size(), "sensor")
            + ", e.g. " + driven.iterator().next() + "): stop its 'continuous' or 'run' first; nothing removed");
      }
    }

    private boolean confirmed(PrintWriter out, List<String> members) {
      out.printf(Locale.ROOT, "This removes set '%s': %s (%s%s) and all their readings, labels and alerts.%n",
          set, Human.count(members.size(), "sensor"), String.join(", ", members.subList(0, Math.min(3, members.size()))),
          members.size() > 3 ? ", ..." : "");
      out.print("Type the set name to confirm: ");
      out.flush();
      try {
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equals(set);
      } catch (IOException e) {
        throw new UncheckedIOException("read the confirmation from standard input", e);
      }
    }

    private static String summary(Map<String, Long> deleted) {
      StringBuilder b = new StringBuilder();
      b.append(Human.count(deleted.getOrDefault("sensors", 0L), "sensor"));
      b.append(", ").append(Human.count(deleted.getOrDefault("sensors_data", 0L), "reading"));
      b.append(", ").append(Human.count(deleted.getOrDefault("anomaly_events", 0L), "anomaly episode"));
      b.append(", ").append(Human.count(deleted.getOrDefault("alerts", 0L), "alert"));
      return b.toString();
    }
  }
}
