package com.anomalywatcher.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of a test's own on a free port, with persistence and a full log in the test's
 * directory, that the test may restart (which drops every client's connection).
 */
public final class PrivateMosquitto implements AutoCloseable {
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  /** @param extraConfig more lines of mosquitto.conf, e.g. {@code max_inflight_messages 2\n} */
  public PrivateMosquitto(Path dir, String extraConfig) throws IOException, InterruptedException {
    this.port = freePort();
    this.config = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    // Mosquitto started as root runs as the user mosquitto: its store and log must be writable by that user.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path store = Files.createDirectory(dir.resolve("store"));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\n"
        + "persistence_location " + store + "/\nlog_type all\nlog_dest file " + log + "\n" + extraConfig);
    start();
  }

  /**
   * mosquitto.conf lines of an ACL (written to {@code dir}) that lets anonymous clients use only the
   * topics of {@code filter}: a publish to any other topic gets a PUBACK "not authorized" (0x87).
   */
  public static String allowingOnly(Path dir, String filter) throws IOException {
    Path acl = Files.writeString(dir.resolve("acl"), "topic readwrite " + filter + "\n");
    return "acl_file " + acl + "\n";
  }

  /** {@code tcp://127.0.0.1:PORT}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The port it listens on, at 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The broker's log so far: every packet it received and sent. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Stops the broker (every connection drops) and starts it again on the same port and store. */
  public void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  private void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(List.of("mosquitto", "-c", config.toString())).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!answers()) {
      if (System.nanoTime() > end || !process.isAlive()) {
        throw new IllegalStateException("mosquitto did not start on port " + port + ": " + log());
      }
      Thread.sleep(50);
    }
  }

  private boolean answers() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
