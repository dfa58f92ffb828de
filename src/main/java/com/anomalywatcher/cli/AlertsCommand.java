package com.anomalywatcher.cli;

import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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

  @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class, description = "Only alerts opened at or after this time (ISO-8601).")
  Instant since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many alerts (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--undelivered", description = "Instead: alert events the webhook or alerts file has not taken yet, oldest first.")
  boolean undelivered;

  @Option(names = "--set-aside", description = "Instead: alert events a receiver refused for good (a 4xx about the"
      + " event), with its status and reason; they are not sent again until re-sent with --resend.")
  boolean setAside;

  @Option(names = "--resend", paramLabel = "KEY", split = ",", description = "Instead: put these set-aside alert events"
      + " (their keys, as --set-aside lists them, or all) back in their sinks' lines; a monitor with the sink sends"
      + " them next.")
  List<String> resend;

  @Option(names = "--forget-sink", paramLabel = "NAME", description = "Instead: remove an alert sink no monitor"
      + " delivers any more (as --undelivered and status name it: webhook, webhook NAME, an alerts file's path)"
      + " with the events it had still to deliver or had set aside; the alerts stay. Asks for the name unless --yes.")
  String forgetSink;

  @Option(names = {"--yes", "-y"}, description = "With --forget-sink: do not ask for confirmation.")
  boolean yes;

  @Mixin OutputFormat format;

  /**
   * {@code --open} and {@code --since} filter the alert list; with one of the "instead" modes they
   * were ignored without a word, so {@code --undelivered --open} listed every undelivered event.
   */
  private void refuseListFiltersWithAMode() {
    String mode = undelivered ? "--undelivered" : setAside ? "--set-aside" : resend != null ? "--resend"
        : forgetSink != null ? "--forget-sink" : null;
    if (mode == null) {
      return;
    }
    if (openOnly) {
      throw new ParameterException(spec.commandLine(), "--open filters the alert list only, not " + mode);
    }
    if (since != null) {
      throw new ParameterException(spec.commandLine(), "--since " + since + " filters the alert list only, not " + mode);
    }
  }

  @Override
  public Integer call() {
    if (limit <= 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be > 0, got " + limit);
    }
    if ((undelivered ? 1 : 0) + (setAside ? 1 : 0) + (resend != null ? 1 : 0) + (forgetSink != null ? 1 : 0) > 1) {
      throw new ParameterException(spec.commandLine(),
          "--undelivered, --set-aside, --resend and --forget-sink go alone: pick one");
    }
    if (yes && forgetSink == null) {
      throw new ParameterException(spec.commandLine(), "--yes goes with --forget-sink only");
    }
    refuseListFiltersWithAMode();
    if (forgetSink != null) {
      return new SinkForget(spec, forgetSink, yes).run(dbOptions);
    }
    if (undelivered) {
      return printUndelivered();
    }
    if (setAside) {
      return printSetAside();
    }
    if (resend != null) {
      return new SetAsideResend(spec, resend).run(dbOptions);
    }
    List<AlertRow> alerts;
    try (Database db = dbOptions.openInitialised()) {
      // One more than asked for tells whether --limit cut the list: '50 alerts' read as all of them.
      alerts = new AlertStore(db).alerts(openOnly, since == null ? Instant.EPOCH : since,
          (int) Math.min(Integer.MAX_VALUE, (long) limit + 1));
    }
    boolean more = alerts.size() > limit;
    if (more) {
      alerts = alerts.subList(0, limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (alerts.isEmpty() && format.isTable()) {
      out.println(openOnly ? "no open alerts" : "no alerts");
      out.flush();
      return 0;
    }
    Table t = new Table(List.of(
        Table.Column.left("opened_at", "opened (UTC)"),
        Table.Column.left("resolved_at", "resolved (UTC)"),
        Table.Column.left("sensor_id", "sensor"),
        Table.Column.left("kind", "likely kind"),
        Table.Column.right("peak_score", "peak score"),
        // 1 as opened, +1 per escalation (the README names it here; only the sinks' JSON carried it).
        Table.Column.right("severity", "severity"),
        Table.Column.left("explanation", "explanation")));
    for (AlertRow a : alerts) {
      t.add(Table.cell(a.openedAt().toString(), TIME.format(a.openedAt())),
          Table.cell(a.resolvedAt() == null ? null : a.resolvedAt().toString(),
              a.resolvedAt() == null ? "open" : TIME.format(a.resolvedAt())),
          a.sensorId(), a.kind().dbName(),
          Table.cell(a.peakScore(), String.format(Locale.ROOT, "%.2f", a.peakScore())),
          Table.cell(a.severity(), Integer.toString(a.severity())), a.explanation());
    }
    t.print(out, format.kind);
    if (format.isTable()) {
      out.println(more
          ? "the newest " + Human.count(alerts.size(), "alert") + "; there are more: --limit N shows more"
          : Human.count(alerts.size(), "alert"));
    }
    out.flush();
    return 0;
  }

  private int printUndelivered() {
    List<OutboxStore.Pending> pending;
    List<OutboxStore.SinkBacklog> bySink;
    try (Database db = dbOptions.openInitialised()) {
      OutboxStore outbox = new OutboxStore(db);
      pending = outbox.pending(null, limit);
      bySink = outbox.backlogBySink();
    }
    Table t = eventTable(
        Table.Column.right("attempts", "attempts"),
        Table.Column.left("sink", "sink"),
        Table.Column.left("last_error", "last error"));
    for (OutboxStore.Pending p : pending) {
      t.add(Table.cell(p.createdAt().toString(), TIME.format(p.createdAt())), p.idempotencyKey(), p.event(),
          p.sensorId(), Table.cell(p.attempts(), Integer.toString(p.attempts())), p.sink(),
          p.lastError() == null ? null : p.lastError());
    }
    return printEvents(t, "no undelivered alert events", out -> printBacklog(out, pending.size(), bySink));
  }

  private int printSetAside() {
    List<OutboxStore.SetAside> aside;
    try (Database db = dbOptions.openInitialised()) {
      aside = new OutboxStore(db).setAside(limit);
    }
    Table t = eventTable(
        Table.Column.left("sink", "sink"),
        Table.Column.left("set_aside_at", "set aside (UTC)"),
        Table.Column.right("status", "status"),
        Table.Column.left("reason", "receiver's reason"));
    for (OutboxStore.SetAside a : aside) {
      t.add(Table.cell(a.createdAt().toString(), TIME.format(a.createdAt())), a.idempotencyKey(), a.event(),
          a.sensorId(), a.sink(), Table.cell(a.setAsideAt().toString(), TIME.format(a.setAsideAt())),
          Table.cell(a.status(), Integer.toString(a.status())), a.reason());
    }
    return printEvents(t, "no alert events set aside", out -> out.println(Human.count(aside.size(), "alert event")
        + " set aside: a receiver refused " + (aside.size() == 1 ? "it" : "them")
        + " for good; 'alerts --resend KEY' (or all) sends again"));
  }

  /** A table of outbox events: when each was written, its key, event and sensor, then {@code more} columns. */
  private static Table eventTable(Table.Column... more) {
    List<Table.Column> columns = new ArrayList<>(List.of(
        Table.Column.left("written_at", "written (UTC)"),
        Table.Column.left("idempotency_key", "key"),
        Table.Column.left("event", "event"),
        Table.Column.left("sensor_id", "sensor")));
    columns.addAll(List.of(more));
    return new Table(columns);
  }

  /**
   * Prints a table of events in the chosen format; as a table for people, {@code none} alone when
   * it is empty, else the rows and then {@code summary}.
   */
  private int printEvents(Table t, String none, Consumer<PrintWriter> summary) {
    PrintWriter out = spec.commandLine().getOut();
    if (t.isEmpty() && format.isTable()) {
      out.println(none);
    } else {
      t.print(out, format.kind);
      if (format.isTable()) {
        summary.accept(out);
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The total and, when the list was cut by --limit or holds several sinks, each sink's count and
   * last error: the list goes sink by sink, so a cut one showed only the first sinks and said
   * '50 undelivered alert events' of 83, and the failing sink a user looks for could be missing.
   */
  private static void printBacklog(PrintWriter out, int shown, List<OutboxStore.SinkBacklog> bySink) {
    long total = bySink.stream().mapToLong(OutboxStore.SinkBacklog::events).sum();
    total = Math.max(total, shown); // delivered between the two queries: never claim fewer than shown
    out.println(Human.count(total, "undelivered alert event")
        + (shown < total ? " (" + shown + " shown: --limit " + total + " shows all)" : ""));
    if (shown < total || bySink.size() > 1) {
      for (OutboxStore.SinkBacklog b : bySink) {
        out.printf(Locale.ROOT, "  %,8d  %s%s%n", b.events(), b.sink(),
            b.lastError() == null ? "" : "  last error: " + b.lastError());
      }
    }
  }
}
