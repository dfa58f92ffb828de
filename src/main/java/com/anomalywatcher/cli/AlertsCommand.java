package com.anomalywatcher.cli;

import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code alerts}: the stored alerts, newest first. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "List alerts, newest first.")
final class AlertsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;

  @Option(names = "--open", description = "Only alerts that are still open.")
  boolean openOnly;

  @Option(names = "--since", converter = TimeConverter.class, description = "Only alerts opened at or after this time (ISO-8601).")
  Instant since;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many alerts (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--undelivered", description = "Instead: alert events the webhook or alerts file has not taken yet, oldest first.")
  boolean undelivered;

  @Override
  public Integer call() {
    if (limit <= 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be > 0, got " + limit);
    }
    if (undelivered) {
      return printUndelivered();
    }
    List<AlertRow> alerts;
    try (Database db = dbOptions.openInitialised()) {
      alerts = new AlertStore(db).alerts(openOnly, since == null ? Instant.EPOCH : since, limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (alerts.isEmpty()) {
      out.println(openOnly ? "no open alerts" : "no alerts");
      return 0;
    }
    out.printf(Locale.ROOT, "%-19s  %-19s  %-18s %5s  %s%n", "opened (UTC)", "resolved", "kind", "peak", "explanation");
    for (AlertRow a : alerts) {
      out.printf(Locale.ROOT, "%-19s  %-19s  %-18s %5.2f  %s%n", TIME.format(a.openedAt()),
          a.resolvedAt() == null ? "open" : TIME.format(a.resolvedAt()), a.kind().dbName(), a.peakScore(), a.explanation());
    }
    out.printf(Locale.ROOT, "%d alert%s%n", alerts.size(), alerts.size() == 1 ? "" : "s");
    return 0;
  }

  private int printUndelivered() {
    List<OutboxStore.Pending> pending;
    try (Database db = dbOptions.openInitialised()) {
      pending = new OutboxStore(db).pending(null, limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (pending.isEmpty()) {
      out.println("no undelivered alert events");
      return 0;
    }
    out.printf(Locale.ROOT, "%-19s  %-9s  %-8s  %-28s  %8s  %s%n", "written (UTC)", "key", "event", "sensor", "attempts",
        "sink: last error");
    for (OutboxStore.Pending p : pending) {
      out.printf(Locale.ROOT, "%-19s  %-9s  %-8s  %-28s  %8d  %s%s%n", TIME.format(p.createdAt()), p.idempotencyKey(),
          p.event(), p.sensorId(), p.attempts(), p.sink(), p.lastError() == null ? "" : ": " + p.lastError());
    }
    out.printf(Locale.ROOT, "%d undelivered alert event%s%n", pending.size(), pending.size() == 1 ? "" : "s");
    return 0;
  }
}
