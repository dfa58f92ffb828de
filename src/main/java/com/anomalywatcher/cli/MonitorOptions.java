package com.anomalywatcher.cli;

import com.anomalywatcher.monitor.AlertPolicy;
import com.anomalywatcher.monitor.AlertSink;
import com.anomalywatcher.monitor.AlertSinks;
import com.anomalywatcher.monitor.ConsoleSink;
import com.anomalywatcher.monitor.MonitorSettings;
import com.anomalywatcher.monitor.WebhookFormat;
import com.anomalywatcher.monitor.WebhookHeader;
import com.anomalywatcher.monitor.WebhookUrls;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.MonitorLease;
import com.anomalywatcher.store.OutboxStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Alerting options shared by {@code monitor} and {@code run}: quiet period and where alerts go. */
final class MonitorOptions {
  private static final Pattern WEBHOOK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");

  @Option(names = "--window", paramLabel = "DURATION", defaultValue = "15", converter = DurationConverter.Minutes.class,
      description = "Recent readings a restarted detector replays as context, e.g. 15m or 1h; a bare number is minutes (default: ${DEFAULT-VALUE} min).")
  Duration window;

  @Option(names = "--quiet-readings", paramLabel = "N", defaultValue = "" + AlertPolicy.DEFAULT_QUIET_READINGS,
      description = "An alert resolves after this many readings below the threshold (default: ${DEFAULT-VALUE}).")
  int quietReadings;

  @Option(names = "--reorder-readings", paramLabel = "N", defaultValue = "" + MonitorSettings.DEFAULT_REORDER_READINGS,
      description = "A live monitor scores a sensor's readings after a missing one at once; the missing one, arriving"
          + " within N more intervals (plus one), is scored in its place, in time order, as if it had come on time;"
          + " a reading later than that is scored out of order when it arrives; 0: always out of order"
          + " (default: ${DEFAULT-VALUE}).")
  int reorderReadings;

  @Option(names = "--alerts-file", paramLabel = "FILE", description = "Also append each opened/resolved alert to this JSON-lines file.")
  Path alertsFile;

  @Option(names = "--webhook", paramLabel = "URL", description = "Also POST each opened/resolved alert to this http(s) URL: at least once, in order per alert, retried with backoff across restarts (see 'alerts --undelivered'); an event the receiver refuses for good (a 4xx about the event) is set aside (see 'alerts --set-aside').")
  String webhook;

  @Option(names = "--webhook-name", paramLabel = "NAME", description = "The webhook sink's name (letters, digits, . _ -): what it has still to deliver goes to whatever URL the next monitor with this name gives, so a corrected URL delivers what the wrong one could not (default: the one sink 'webhook').")
  String webhookName;

  @Option(names = "--webhook-header", paramLabel = "'NAME: VALUE'", description = "Send this header with each POST (repeatable), e.g. 'Authorization: Bearer TOKEN'; its value is never printed.")
  List<String> webhookHeaders = new ArrayList<>();

  @Option(names = "--webhook-format", paramLabel = "FORMAT", defaultValue = "json",
      description = "json (the alert with its idempotency_key) or alertmanager (Alertmanager's /api/v2/alerts list) (default: ${DEFAULT-VALUE}).")
  String webhookFormat;

  @Option(names = "--delivery-expiry", paramLabel = "DURATION", defaultValue = "24", converter = DurationConverter.Hours.class,
      description = "Give up on alert events the webhook or alerts file has not taken after this long, e.g. 30m or 2d;"
          + " a bare number is hours (default: ${DEFAULT-VALUE} h).")
  Duration deliveryExpiry;

  @Option(names = "--lease-timeout", paramLabel = "DURATION", defaultValue = "30", converter = DurationConverter.Seconds.class,
      description = "How long an active monitor that stops answering (a stopped process, a paused VM, a cut network)"
          + " keeps the lease, e.g. 10s or 2m; a bare number is seconds. A standby then takes over, and the old one,"
          + " should it wake, stores and sends nothing more. A live monitor renews the lease every sixth of this;"
          + " PostgreSQL 14 or later (default: ${DEFAULT-VALUE} s).")
  Duration leaseTimeout;

  /** The shortest --lease-timeout: below it, a heartbeat a few hundred milliseconds late would lose the lease. */
  static final Duration MIN_LEASE_TIMEOUT = Duration.ofSeconds(1);
  /**
   * The longest --lease-timeout: the server's idle_session_timeout takes at most 2^31-1 ms (24.8
   * days); beyond it 'monitor' passed the check and then failed taking the lease, naming no option.
   */
  static final Duration MAX_LEASE_TIMEOUT = Duration.ofDays(24);

  /** Checks every option; throws a one-line usage error naming the first bad one. */
  void validate(CommandSpec spec) {
    WatchOptions.requirePositive(spec, "--window", window);
    WatchOptions.requirePositive(spec, "--quiet-readings", quietReadings, "");
    if (reorderReadings < 0) {
      throw new ParameterException(spec.commandLine(), "--reorder-readings must be >= 0, got " + reorderReadings);
    }
    if (alertsFile != null) {
      Path parent = alertsFile.toAbsolutePath().getParent();
      boolean ok = Files.exists(alertsFile)
          ? Files.isRegularFile(alertsFile) && Files.isWritable(alertsFile)
          : parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
      if (!ok) {
        throw new ParameterException(spec.commandLine(), "--alerts-file " + alertsFile + " cannot be written");
      }
    }
    if (webhook != null) {
      warnUnlessHostResolves(spec, webhookUri(spec));
    } else if (webhookName != null || !webhookHeaders.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          (webhookName != null ? "--webhook-name" : "--webhook-header") + " needs --webhook URL");
    }
    if (webhookName != null && !WEBHOOK_NAME.matcher(webhookName).matches()) {
      throw new ParameterException(spec.commandLine(),
          "--webhook-name must be 1 to 40 letters, digits, '.', '_' or '-', got '" + webhookName + "'");
    }
    webhookHeaders(spec);
    webhookFormat(spec);
    WatchOptions.requirePositive(spec, "--delivery-expiry", deliveryExpiry);
    if (leaseTimeout.compareTo(MIN_LEASE_TIMEOUT) < 0) {
      throw new ParameterException(spec.commandLine(),
          "--lease-timeout must be at least " + Human.duration(MIN_LEASE_TIMEOUT) + ", got " + Human.given(leaseTimeout));
    }
    if (leaseTimeout.compareTo(MAX_LEASE_TIMEOUT) > 0) {
      throw new ParameterException(spec.commandLine(),
          "--lease-timeout must be at most " + Human.duration(MAX_LEASE_TIMEOUT) + ", got " + Human.given(leaseTimeout));
    }
  }

  /** The monitor lease with this --lease-timeout, not yet asked for; the caller closes it (before the database). */
  MonitorLease lease(Database db) {
    return new MonitorLease(db, leaseTimeout);
  }

  private WebhookFormat webhookFormat(CommandSpec spec) {
    return switch (webhookFormat.toLowerCase(Locale.ROOT)) {
      case "json" -> WebhookFormat.JSON;
      case "alertmanager" -> WebhookFormat.ALERTMANAGER;
      default -> throw new ParameterException(spec.commandLine(),
          "--webhook-format must be json or alertmanager, got '" + webhookFormat + "'");
    };
  }

  private URI webhookUri(CommandSpec spec) {
    try {
      URI uri = new URI(webhook);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ParameterException(spec.commandLine(), "--webhook must be an http(s) URL, got '"
        + WebhookUrls.masked(webhook) + "'");
  }

  /**
   * Says at start when the webhook's host has no address: a mistyped host name said nothing until
   * the first alert, and then only 'ConnectException' on stderr. It does not stop the monitor: the
   * lookup also fails on a DNS hiccup (the resolver unreachable at boot, a name only a VPN not yet up
   * knows), and refusing to start then left the database unwatched, every sink silent, for a fault
   * of one receiver; the events wait in the outbox as for a receiver that is down, and go out once
   * the name resolves or a monitor restarted with a corrected --webhook sends them.
   */
  private static void warnUnlessHostResolves(CommandSpec spec, URI uri) {
    try {
      InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("warning: --webhook host '" + uri.getHost() + "' has no address now (" + WebhookUrls.masked(
          uri.toString()) + "): starting anyway; alert events wait in the outbox until it resolves or a"
          + " corrected --webhook takes them");
      err.flush();
    }
  }

  private List<WebhookHeader> webhookHeaders(CommandSpec spec) {
    List<WebhookHeader> headers = new ArrayList<>();
    for (String h : webhookHeaders) {
      try {
        headers.add(WebhookHeader.parse(h));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--webhook-header " + e.getMessage());
      }
    }
    return headers;
  }

  Duration window() {
    return window;
  }

  /**
   * The settings of a live monitor: these options' threshold, quiet period, window and reorder
   * window, its running states saved a share a cycle.
   */
  MonitorSettings live(double threshold) {
    return MonitorSettings.of(threshold, quietReadings, window).withReorderReadings(reorderReadings)
        .withStateShares(MonitorSettings.DEFAULT_STATE_SHARES);
  }

  /**
   * The console sink plus the file and webhook sinks asked for, which deliver from the outbox in
   * {@code db}; the caller closes the result (before the database). When one cannot start (the
   * database away while it registers), those already started are closed before the failure is thrown.
   */
  AlertSink sinks(CommandSpec spec, Database db, Clock clock) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<AlertSink> sinks = new ArrayList<>();
    sinks.add(new ConsoleSink(out));
    OutboxStore outbox = new OutboxStore(db);
    Duration expiry = deliveryExpiry;
    try {
      if (alertsFile != null) {
        sinks.add(AlertSinks.fromOutbox(outbox, AlertSinks.file(alertsFile), expiry, clock, err));
      }
      if (webhook != null) {
        sinks.add(AlertSinks.fromOutbox(outbox, AlertSinks.webhook(outbox, webhookName, webhookUri(spec),
            webhookFormat(spec), webhookHeaders(spec)), expiry, clock, err));
      }
    } catch (RuntimeException e) {
      // the file's delivery started already: its thread and its claim's session would outlive the command
      try {
        new AlertSinks(sinks).close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return new AlertSinks(sinks);
  }
}
