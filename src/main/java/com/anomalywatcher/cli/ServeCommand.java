package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.web.DashboardServer;
import com.anomalywatcher.web.ServeSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code serve}: the web dashboard, JSON API, live updates and /metrics, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the web dashboard (fleet, sensor, alerts and evaluation pages), its JSON API, live",
      "updates (a WebSocket at /api/live) and /metrics, over the same database as every other command.",
      "Reads are open; every write (acknowledge, resolve, POST /api/readings) needs the token in",
      "AW_UI_TOKEN, sent as 'Authorization: Bearer <token>'. Binding to anything but loopback",
      "needs the token. Rides out a database outage: the pages stay up and show it, and everything",
      "catches up when the database is back. Runs until Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  /** How long closing may take after a stop: the dashboard's threads and the pool, during an outage too. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;
  @Mixin DatabaseOptions dbOptions;
  @Mixin ModelsDirOption models;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}); any other needs AW_UI_TOKEN.")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, got " + port);
    }
    ServeSettings settings;
    try {
      settings = new ServeSettings(bind, port, Optional.ofNullable(System.getenv("AW_UI_TOKEN")),
          Duration.ofSeconds(1), Optional.of(models.dir(dbOptions.config())));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    StopSignal stop = StopSignal.onInterrupt();
    try (Database db = dbOptions.openInitialised();
        DashboardServer server = start(spec, db, settings, line -> {
          out.println(line);
          out.flush();
        })) {
      out.printf(Locale.ROOT, "dashboard at http://%s:%d/ (%s); Ctrl-C to stop%n", hostForUrl(bind), server.port(),
          settings.token().isPresent() ? "writes need the token from AW_UI_TOKEN" : "read-only: set AW_UI_TOKEN to allow writes");
      out.flush();
      stop.graceful();
      while (!stop.requested()) {
        Thread.sleep(200);
      }
      out.println("stopped");
      out.flush();
      // Closing the pool while the database is down waits out the connection attempt under way (up to
      // the pool's 3 s timeout), past the second a stop otherwise has: safe to let run, nothing is open.
      stop.windDown(CLOSE_GRACE);
    } finally {
      stop.close();
    }
    return 0;
  }

  private static DashboardServer start(CommandSpec spec, Database db, ServeSettings settings, Consumer<String> say) {
    try {
      return DashboardServer.start(db, settings, Clock.systemUTC(), say);
    } catch (RuntimeException e) {
      if (isBindFailure(e)) {
        // what the user changes to fix it is --port (or --bind): name it, as for any bad option
        throw new ParameterException(spec.commandLine(), "--port " + settings.port() + " is in use on "
            + settings.bind() + " (another program listens there); pick another --port or stop that program", e);
      }
      throw new CommandFailure("cannot serve on " + settings.bind() + ":" + settings.port() + ": " + rootMessage(e), e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.BindException && String.valueOf(t.getMessage()).contains("in use")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String hostForUrl(String bind) {
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }
}
