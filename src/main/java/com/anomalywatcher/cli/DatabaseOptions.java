package com.anomalywatcher.cli;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.DatabaseConfig;
import com.anomalywatcher.store.EmbeddedServer;
import com.anomalywatcher.store.Schema;
import com.anomalywatcher.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The database options every command that touches the database mixes in ({@code @Mixin
 * DatabaseOptions db;}): {@code --db-url}, {@code --data-dir}, {@code --db-port}, with the
 * environment variables {@code AW_DB_URL}, {@code AW_DATA_DIR}, {@code AW_DB_PORT} as defaults.
 */
final class DatabaseOptions {
  /** Default port of the embedded server (away from a system PostgreSQL on 5432). */
  public static final int DEFAULT_PORT = 54329;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--db-url",
      defaultValue = "${env:AW_DB_URL}",
      paramLabel = "URL",
      description = {
        "Database: jdbc:postgresql://host:port/db?user=u&password=p or postgresql://u:p@host:port/db"
            + " (env AW_DB_URL). Default: the embedded PostgreSQL."
      })
  String url;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:AW_DATA_DIR:-data}",
      paramLabel = "DIR",
      description = "Data directory of the embedded PostgreSQL (env AW_DATA_DIR, default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db-port",
      defaultValue = "${env:AW_DB_PORT:-" + DEFAULT_PORT + "}",
      paramLabel = "PORT",
      description = "Port of the embedded PostgreSQL (env AW_DB_PORT, default: ${DEFAULT-VALUE}).")
  String port;

  /**
   * The resolved settings; validates them.
   *
   * @throws ParameterException (exit 2) for a malformed URL or a port outside 1..65535
   */
  public DatabaseConfig config() {
    try {
      return new DatabaseConfig(Optional.ofNullable(url), new EmbeddedServer.Location(dataDir, portNumber()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The port as a number. Parsed here rather than by picocli, whose message named only --db-port
   * when the bad value came from AW_DB_PORT, where a user who never typed --db-port would not look.
   */
  private int portNumber() {
    try {
      return Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--db-port (or env AW_DB_PORT) must be a port number 1..65535, got '" + port + "'");
    }
  }

  /**
   * Opens the database (starting the embedded server when needed); the caller closes it.
   *
   * @throws CommandFailure (exit 1) when it cannot be reached
   */
  public Database open() {
    DatabaseConfig config = config();
    try {
      return config.open();
    } catch (StoreException e) {
      throw new CommandFailure(e.getMessage(), e);
    }
  }

  /**
   * Opens the database and checks that {@code db init} ran with this program's migrations; every
   * command but {@code db init} uses this before any work.
   *
   * @throws CommandFailure (exit 1) when unreachable or not initialised
   */
  public Database openInitialised() {
    Database db = open();
    try {
      Schema.requireCurrent(db);
      return db;
    } catch (StoreException e) {
      db.close();
      throw new CommandFailure(e.getMessage(), e);
    }
  }
}
