package com.anomalywatcher.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL server (zonky binaries) that runs detached from any one command, so a
 * generator, {@code read --loop} and {@code anomaly force} in three terminals share it.
 *
 * <p>Layout of the data directory: {@code pg/} (the cluster), {@code postgres.log} (server output),
 * {@code server.lock} (serialises starts across processes). The first command that needs the
 * server starts it with {@code pg_ctl} (zonky runs it in a user namespace when we are root) and
 * registers no shutdown hook, so it keeps running after that JVM exits; {@link #stop} ends it with
 * a fast shutdown (SIGINT to the postmaster). A stale {@code postmaster.pid} (process gone, or the
 * pid reused by something that is not postgres) is removed before a start. Stateless; safe to call
 * from several processes at once.
 */
public final class EmbeddedServer {
  /** The database the program uses on the embedded server. */
  public static final String DATABASE = "sensor_data";

  private static final Duration START_WAIT = Duration.ofSeconds(60);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private EmbeddedServer() {}

  /** Where and on which port the server runs. */
  public record Location(Path dataDir, int port) {
    public Location {
      dataDir = dataDir.toAbsolutePath().normalize();
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--db-port must be 1..65535, got " + port);
      }
    }

    Path clusterDir() {
      return dataDir.resolve("pg");
    }

    Path pidFile() {
      return clusterDir().resolve("postmaster.pid");
    }

    /** JDBC URL of the program's database on this server (no password: trust authentication). */
    public String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=postgres";
    }

    String adminUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=5";
    }
  }

  /**
   * What {@code db status} reports.
   *
   * @param pid the postmaster's process id when one runs for this data directory
   * @param answering whether it accepts connections on the configured port
   * @param portHeldByOther whether some other server or program listens on the configured port, so
   *     that no command can start this data directory's server there
   */
  public record Status(Location location, OptionalLong pid, boolean answering, boolean portHeldByOther) {
    public boolean running() {
      return pid.isPresent();
    }
  }

  /** Whether it runs, whether it answers on the port, and whether another server holds the port. */
  public static Status status(Location at) {
    OptionalLong pid = livePostmaster(at);
    Probe probe = probe(at);
    return new Status(at, pid, pid.isPresent() && probe == Probe.OURS, probe == Probe.OTHER);
  }

  /**
   * What to tell the user when another server holds the port: said by the start that fails and by
   * {@code db status}, which foretells that failure.
   */
  public static String portHeldByOtherMessage(Location at) {
    return "port " + at.port() + " is used by another server (not the one of " + at.dataDir()
        + "); choose another with --db-port or AW_DB_PORT";
  }

  /**
   * Starts the server unless it already answers; creates the cluster and the {@code sensor_data}
   * database on first use.
   *
   * @return true when this call started it
   * @throws StoreException when it cannot start (port taken by another server, start timeout...)
   */
  public static synchronized boolean ensureRunning(Location at) {
    if (livePostmaster(at).isPresent() && answers(at)) {
      return false;
    }
    try {
      Files.createDirectories(at.dataDir());
      try (FileChannel ch =
              FileChannel.open(at.dataDir().resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        // Another process may have started it while we waited for the lock.
        if (livePostmaster(at).isPresent() && answers(at)) {
          return false;
        }
        start(at);
        createDatabase(at);
        return true;
      }
    } catch (IOException e) {
      throw new StoreException("cannot start the embedded database in " + at.dataDir() + ": " + reason(e), e);
    }
  }

  /**
   * An I/O failure in words. NIO's file exceptions often carry only the path as their message: a
   * --data-dir that cannot be created said "cannot start the embedded database in /x: /x".
   */
  static String reason(IOException e) {
    if (!(e instanceof FileSystemException f) || f.getReason() != null) {
      return e.getMessage();
    }
    String why;
    if (e instanceof NoSuchFileException) {
      why = "no such file or directory (or none can be made there)";
    } else if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      why = "exists and is not a directory";
    } else {
      why = e.getClass().getSimpleName();
    }
    return f.getFile() + ": " + why;
  }

  /**
   * Stops the server of this data directory (fast shutdown: open sessions are ended).
   *
   * @return true when a running server was stopped, false when none was running
   */
  public static boolean stop(Location at) {
    OptionalLong pid = livePostmaster(at);
    if (pid.isEmpty()) {
      return false;
    }
    ProcessHandle postmaster = ProcessHandle.of(pid.getAsLong()).orElse(null);
    if (postmaster == null) {
      return false;
    }
    signal(pid.getAsLong(), "INT");
    try {
      postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while stopping the embedded database (pid " + pid.getAsLong() + ")", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException(
          "the embedded database (pid " + pid.getAsLong() + ") did not stop within " + STOP_WAIT.toSeconds() + " s", e);
    }
  }

  private static void start(Location at) throws IOException {
    if (probe(at) == Probe.OTHER) {
      throw new StoreException(portHeldByOtherMessage(at));
    }
    removeStalePidFile(at);
    Path log = at.dataDir().resolve("postgres.log");
    try {
      // No shutdown hook: the server outlives this JVM. Output goes to a file, never a pipe, so
      // the detached server does not die of SIGPIPE when this JVM exits.
      EmbeddedPostgres started = EmbeddedPostgres.builder()
          .setDataDirectory(at.clusterDir())
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPort(at.port())
          .setPGStartupWait(START_WAIT)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .setServerConfig("listen_addresses", "127.0.0.1")
          // zonky starts postgres with -F (no fsync), right for throw-away test clusters; this one
          // keeps the user's data, so flush it: a commit reported to the user survives a crash.
          .setServerConfig("fsync", "on")
          // Ingest-friendly: checkpoints (and the full-page images after each) are rare.
          .setServerConfig("max_wal_size", "4GB")
          .setServerConfig("checkpoint_timeout", "15min")
          .setServerConfig("wal_buffers", "16MB")
          .setServerConfig("shared_buffers", "256MB")
          .start();
      releaseZonkyLock(started);
    } catch (IOException | RuntimeException e) {
      throw new StoreException(
          "the embedded database did not start on port " + at.port() + " (see " + log + "): "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : Database.firstLine(e.getMessage())),
          e);
    }
  }

  /**
   * zonky holds a file lock on {@code pg/epg-lock} for as long as its object lives, meant for a
   * server that dies with the JVM. Ours outlives the JVM and has its own start lock and
   * postmaster.pid checks, and a held lock would make a later start in this JVM (after
   * {@code db stop}) fail; so it is released at once. zonky offers no API for it.
   */
  private static void releaseZonkyLock(EmbeddedPostgres pg) {
    try {
      java.lang.reflect.Field lock = EmbeddedPostgres.class.getDeclaredField("lock");
      lock.setAccessible(true);
      Object held = lock.get(pg);
      if (held instanceof FileLock fileLock) {
        fileLock.release();
      }
      java.lang.reflect.Field stream = EmbeddedPostgres.class.getDeclaredField("lockStream");
      stream.setAccessible(true);
      Object out = stream.get(pg);
      if (out instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    } catch (ReflectiveOperationException | RuntimeException | IOException e) {
      // A different zonky version: the lock then lives until this JVM exits, as zonky intends.
    }
  }

  private static void createDatabase(Location at) {
    try (Connection c = DriverManager.getConnection(at.adminUrl());
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created by a concurrent start
      }
      throw new StoreException("cannot create database " + DATABASE + " on the embedded server: " + e.getMessage(), e);
    }
  }

  /** The postmaster of this data directory if one is alive, from postmaster.pid. */
  static OptionalLong livePostmaster(Location at) {
    Optional<Long> pid = pidFromFile(at.pidFile());
    if (pid.isEmpty()) {
      return OptionalLong.empty();
    }
    return ProcessHandle.of(pid.get())
        .filter(ProcessHandle::isAlive)
        .filter(EmbeddedServer::isPostgres)
        .map(p -> OptionalLong.of(p.pid()))
        .orElse(OptionalLong.empty());
  }

  private static void removeStalePidFile(Location at) throws IOException {
    if (Files.exists(at.pidFile()) && livePostmaster(at).isEmpty()) {
      Files.deleteIfExists(at.pidFile());
    } else if (livePostmaster(at).isPresent()) {
      throw new StoreException(
          "the embedded database in " + at.dataDir() + " runs (pid " + livePostmaster(at).getAsLong()
              + ") but does not answer on port " + at.port() + "; run 'db stop' or use its port");
    }
  }

  private static Optional<Long> pidFromFile(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // a torn or foreign file: treated as stale
    } catch (IOException e) {
      throw new StoreException("cannot read " + pidFile + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPostgres(ProcessHandle p) {
    // We run as the server's owner (or root), so the command is readable; unknown means not ours.
    return p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
  }

  private static boolean answers(Location at) {
    return probe(at) == Probe.OURS;
  }

  private enum Probe { NOTHING, OURS, OTHER }

  /** Who listens on the port: nobody, our cluster, or some other server or program. */
  private static Probe probe(Location at) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", at.port()), 1_000);
    } catch (IOException e) {
      return Probe.NOTHING;
    }
    try (Connection c = DriverManager.getConnection(at.adminUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
      rs.next();
      return Path.of(rs.getString(1)).toAbsolutePath().normalize().equals(at.clusterDir()) ? Probe.OURS : Probe.OTHER;
    } catch (SQLException e) {
      // Starting up or shutting down: ours only if our postmaster runs; otherwise someone else's.
      return "57P03".equals(e.getSQLState()) && livePostmaster(at).isPresent() ? Probe.OURS : Probe.OTHER;
    }
  }

  private static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new StoreException("could not signal the embedded database (pid " + pid + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while signalling pid " + pid, e);
    }
  }
}
