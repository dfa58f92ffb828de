package com.anomalywatcher.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A PostgreSQL server of its own for fault tests (the program's embedded server, in a temporary
 * directory on a free port) that a test can stop and start while the program under test uses it.
 * The schema is created on first start. The creator closes it, which stops the server.
 */
public final class StoppableDatabase implements AutoCloseable {
  private final EmbeddedServer.Location location;

  /** Starts a server with its data in {@code dir} and initialises the schema. */
  public StoppableDatabase(Path dir) {
    this.location = new EmbeddedServer.Location(dir, freePort());
    start();
    try (Database db = Database.connect(jdbcUrl())) {
      Schema.init(db, Optional.empty(), OptionalInt.empty(), Clock.systemUTC());
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JDBC URL of its database. */
  public String jdbcUrl() {
    return location.jdbcUrl();
  }

  /** Stops the server (fast shutdown: every session is ended) and waits until it is gone. */
  public void stop() {
    EmbeddedServer.stop(location);
  }

  /** Starts the server again on the same data and port; returns once it answers. */
  public void start() {
    EmbeddedServer.ensureRunning(location);
  }

  @Override
  public void close() {
    stop();
  }
}
