package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code status} says of alert delivery: per sink, the events still waiting (with the last
 * error) and those set aside because the receiver refused them for good. A sink with neither is
 * not mentioned.
 */
record SinkHealth(List<OutboxStore.SinkBacklog> backlog, Map<String, Long> setAside, Map<String, String> targets) {
  SinkHealth {
    backlog = List.copyOf(backlog);
    setAside = Map.copyOf(setAside);
    targets = Map.copyOf(targets);
  }

  static SinkHealth read(Database db) {
    OutboxStore outbox = new OutboxStore(db);
    return new SinkHealth(outbox.backlogBySink(), outbox.countSetAside(), outbox.targets());
  }

  /** One line per sink that has something waiting or set aside. */
  void print(PrintWriter out) {
    TreeSet<String> sinks = new TreeSet<>(setAside.keySet());
    backlog.forEach(b -> sinks.add(b.sink()));
    for (String sink : sinks) {
      String target = targets.get(sink);
      StringBuilder line = new StringBuilder("alert delivery to ").append(sink)
          .append(target == null || target.equals(sink) ? "" : " (" + target + ")").append(':');
      backlog.stream().filter(b -> b.sink().equals(sink)).findFirst().ifPresent(b -> {
        line.append(' ').append(Human.count(b.events(), "event")).append(" waiting");
        if (b.lastError() != null) {
          line.append(" (last error: ").append(b.lastError()).append(')');
        } else {
          // Never tried: a sink whose monitor has not run since, or one nobody runs any more, which
          // would wait here forever (only a running delivery expires events).
          line.append(" (not tried yet: a monitor with this sink sends them; alerts --forget-sink '").append(sink)
              .append("' retires a sink no longer used)");
        }
        line.append(", alerts --undelivered;");
      });
      long aside = setAside.getOrDefault(sink, 0L);
      if (aside > 0) {
        line.append(' ').append(Human.count(aside, "event")).append(" set aside, refused for good by the receiver:"
            + " alerts --set-aside, then alerts --resend KEY");
      } else {
        line.setLength(line.length() - 1); // the trailing ';'
      }
      out.println(line);
    }
  }
}
