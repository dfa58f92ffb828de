package com.anomalywatcher.cli;

import com.anomalywatcher.monitor.AlertSinks;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.SinkRemoval;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code alerts --forget-sink NAME [--yes]}: retires an alert sink no monitor delivers any more (an
 * old alerts file, an unused webhook name), which otherwise keeps a pending row for every new alert
 * event and shows in {@code alerts --undelivered} and {@code status} forever. Removes the sink and
 * what it had still to deliver or had set aside, nothing else; asks for the sink's name unless
 * {@code --yes}. A monitor started later with the sink registers it anew, from its start on. An alerts
 * file is named by its path, as given to {@code --alerts-file} or as listed ({@code file /abs/path}).
 */
final class SinkForget {
  private final CommandSpec spec;
  private final String sink;
  private final boolean yes;

  SinkForget(CommandSpec spec, String sink, boolean yes) {
    this.spec = spec;
    this.sink = sink;
    this.yes = yes;
  }

  /** Forgets the sink; returns the exit code. */
  int run(DatabaseOptions dbOptions) {
    PrintWriter out = spec.commandLine().getOut();
    try (Database db = dbOptions.openInitialised()) {
      SinkRemoval removal = new SinkRemoval(db);
      List<String> sinks = removal.sinks();
      String name = named(sinks);
      if (name == null) {
        throw unknown(sinks);
      }
      if (!yes && !confirmed(out, new OutboxStore(db), name)) {
        throw new CommandFailure("nothing removed: the answer was not the sink name '" + name + "'");
      }
      SinkRemoval.Outcome outcome = removal.forget(name);
      if (outcome instanceof SinkRemoval.Forgotten f) {
        out.println("forgot alert sink '" + name + "': " + Human.count(f.pending(), "undelivered alert event")
            + ", " + Human.count(f.setAside(), "event") + " set aside; the alerts and their events stay");
        out.flush();
        return 0;
      }
      if (outcome instanceof SinkRemoval.Busy) {
        throw new CommandFailure("alert sink '" + name + "' is being delivered by a monitor now: stop the monitors"
            + " with this sink first; nothing removed");
      }
      throw unknown(removal.sinks()); // forgotten by someone else meanwhile
    }
  }

  /**
   * The sink the argument names: a sink's name as {@code status} lists it, or an alerts file's path
   * (relative to the working directory, as {@code --alerts-file} takes it), whose sink is named
   * {@code file /absolute/path}; null when it names none. The README's {@code --forget-sink
   * /var/lib/aw/old-alerts.jsonl} was refused as no sink, the name being {@code file /var/lib/...}.
   */
  private String named(List<String> sinks) {
    if (sinks.contains(sink)) {
      return sink;
    }
    try {
      String file = AlertSinks.file(Path.of(sink)).sinkName();
      return sinks.contains(file) ? file : null;
    } catch (InvalidPathException notAPath) {
      return null;
    }
  }

  private ParameterException unknown(List<String> sinks) {
    return new ParameterException(spec.commandLine(), "--forget-sink: no alert sink is named '" + sink + "' ("
        + (sinks.isEmpty() ? "there are none" : "the sinks: " + String.join(", ", sinks)) + ")");
  }

  /** Asks for the sink's name; the name as listed or as the user gave it confirms. */
  private boolean confirmed(PrintWriter out, OutboxStore outbox, String name) {
    String target = outbox.target(name).map(t -> " (delivering to " + t + ")").orElse("");
    long aside = outbox.countSetAside().getOrDefault(name, 0L);
    out.println("This removes alert sink '" + name + "'" + target + ": " + Human.count(outbox.countPending(name),
        "undelivered alert event") + " and " + Human.count(aside, "event") + " set aside will never be sent to it.");
    out.print("Type the sink name to confirm: ");
    out.flush();
    try {
      String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return answer != null && (answer.strip().equals(name) || answer.strip().equals(sink));
    } catch (IOException e) {
      throw new UncheckedIOException("read the confirmation from standard input", e);
    }
  }
}
