package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseConfig;
import com.anomalywatcher.store.EmbeddedServer;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.SchemaInit;
import com.anomalywatcher.store.StorageMode;
import com.anomalywatcher.store.StoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code db init|start|stop|status}: the schema and the embedded server. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "Initialise the schema, or start, stop and inspect the embedded PostgreSQL.",
      "Without --db-url / AW_DB_URL the program uses an embedded PostgreSQL that the first",
      "command needing it starts and that keeps running for the next commands until 'db stop'."
    },
    subcommands = {DbCommand.Init.class, DbCommand.Start.class, DbCommand.Stop.class, DbCommand.Status.class})
final class DbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "db needs a subcommand: init, start, stop or status");
  }

  /** Storage mode choice for a new schema. */
  enum ModeChoice {
    auto,
    postgres,
    timescaledb
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Create or migrate the schema (idempotent) and print the storage mode.",
        "TimescaleDB when the extension is available (hypertable, 1-day chunks, compression",
        "after 7 days), plain PostgreSQL with daily partitions otherwise."
      })
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Option(
        names = "--retention-days",
        paramLabel = "N",
        description = "Keep N days of readings (0 = keep everything). Default: keep the current setting (off at first).")
    Integer retentionDays;

    @Option(
        names = "--mode",
        paramLabel = "MODE",
        defaultValue = "auto",
        description = "Storage mode of a new schema: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ModeChoice mode;

    @Override
    public Integer call() {
      if (retentionDays != null && retentionDays < 0) {
        throw new ParameterException(
            spec.commandLine(), "--retention-days must be >= 0 (0 = off), got " + retentionDays);
      }
      Optional<StorageMode> requested =
          switch (mode) {
            case auto -> Optional.empty();
            case postgres -> Optional.of(StorageMode.POSTGRES);
            case timescaledb -> Optional.of(StorageMode.TIMESCALEDB);
          };
      OptionalInt retention = retentionDays == null ? OptionalInt.empty() : OptionalInt.of(retentionDays);
      try (Database database = db.open()) {
        SchemaInit init = Schema.init(database, requested, retention, Clock.systemUTC());
        print(spec.commandLine().getOut(), database, init);
        if (requested.isPresent() && requested.get() != init.mode()) {
          spec.commandLine().getOut().println("Note: --mode " + mode + " not applied: the schema was created in "
              + init.mode().shownName() + " mode and keeps it");
        }
      } catch (StoreException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      return 0;
    }

    private static void print(PrintWriter out, Database database, SchemaInit init) {
      String layout =
          switch (init.mode()) {
            case TIMESCALEDB -> "hypertable, 1-day chunks, compression after 7 days";
            case POSTGRES -> "daily partitions, date_bin; no TimescaleDB extension";
          };
      String mode = init.mode().shownName() + " mode (" + layout + ")";
      out.printf("Database %s: schema version %s (%d migration%s applied now)%n", database.maskedUrl(),
          init.schemaVersion(), init.migrationsApplied(), init.migrationsApplied() == 1 ? "" : "s");
      out.println("Storage: " + mode);
      out.println("Retention: " + (init.retentionDays().isPresent()
          ? init.retentionDays().getAsInt() + " days" + (init.partitionsDropped() > 0
              ? " (" + init.partitionsDropped() + " old daily partitions dropped)" : "")
          : "off (keep everything)"));
      out.flush();
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the embedded PostgreSQL (it keeps running).")
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Override
    public Integer call() {
      EmbeddedServer.Location at = embeddedOnly(spec, db.config());
      try {
        boolean started = EmbeddedServer.ensureRunning(at);
        spec.commandLine().getOut().printf("Embedded PostgreSQL %s on port %d (data in %s)%n",
            started ? "started" : "already running", at.port(), at.dataDir());
      } catch (StoreException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the embedded PostgreSQL (open sessions end).")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Override
    public Integer call() {
      EmbeddedServer.Location at = embeddedOnly(spec, db.config());
      try {
        boolean stopped = EmbeddedServer.stop(at);
        spec.commandLine().getOut().println(stopped
            ? "Embedded PostgreSQL stopped (data in " + at.dataDir() + ")"
            : "Embedded PostgreSQL is not running (data in " + at.dataDir() + ")");
      } catch (StoreException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Tell whether the database runs and answers, its storage mode and retention.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Override
    public Integer call() {
      DatabaseConfig config = db.config();
      PrintWriter out = spec.commandLine().getOut();
      if (config.isEmbedded()) {
        EmbeddedServer.Status st = EmbeddedServer.status(config.embedded());
        if (!st.running() && st.portHeldByOther()) {
          out.println("Embedded PostgreSQL: stopped, and no command can start it: "
              + EmbeddedServer.portHeldByOtherMessage(config.embedded()));
          return 1;
        }
        if (!st.running()) {
          out.println("Embedded PostgreSQL: stopped (data in " + config.embedded().dataDir()
              + ", port " + config.embedded().port() + "); any command starts it");
          return 0;
        }
        out.printf("Embedded PostgreSQL: running (pid %d) on port %d%s, data in %s%n", st.pid().getAsLong(),
            config.embedded().port(), st.answering() ? "" : " but NOT answering", config.embedded().dataDir());
        if (!st.answering()) {
          return 1;
        }
      }
      try (Database database = config.open()) {
        out.println("Database " + database.maskedUrl() + ": reachable");
        try {
          StorageMode mode = Schema.mode(database);
          OptionalInt retention = Schema.retentionDays(database);
          out.println("Storage: " + mode.shownName() + " mode; retention "
              + (retention.isPresent() ? retention.getAsInt() + " days" : "off"));
        } catch (StoreException e) {
          out.println("Schema: not initialised (run 'anomaly-watcher db init')");
        }
      } catch (StoreException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      return 0;
    }
  }

  private static EmbeddedServer.Location embeddedOnly(CommandSpec spec, DatabaseConfig config) {
    if (!config.isEmbedded()) {
      throw new ParameterException(spec.commandLine(),
          spec.name() + " manages the embedded PostgreSQL only, but --db-url/AW_DB_URL points to "
              + config.describe());
    }
    return config.embedded();
  }
}
