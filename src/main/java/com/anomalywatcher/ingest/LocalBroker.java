package com.anomalywatcher.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of its own (the {@code mosquitto} program on the PATH) on a free local port, without
 * queue or in-flight limits and without persistence: what {@code bench ingest} measures against, so
 * a broker configured for small devices does not set the figure. Closing stops it (at most 10 s).
 * Public for the command tests that need a broker whose sessions go away with it.
 */
public final class LocalBroker implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private LocalBroker(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts one and waits until it answers.
   *
   * @throws IllegalStateException when {@code mosquitto} cannot be started or does not answer in 10 s
   */
  public static LocalBroker start() {
    try {
      Path dir = Files.createTempDirectory("aw-broker");
      int port = freePort();
      Path config = dir.resolve("mosquitto.conf");
      Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
          + "max_inflight_messages 0\nmax_queued_messages 0\nmax_queued_bytes 0\n");
      Process p;
      try {
        p = new ProcessBuilder(List.of("mosquitto", "-c", config.toString())).redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start 'mosquitto' (is it installed and on the PATH?): "
            + e.getMessage(), e);
      }
      LocalBroker b = new LocalBroker(p, port, dir);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!b.answers()) {
        if (!p.isAlive() || System.nanoTime() > end) {
          b.close();
          throw new IllegalStateException("mosquitto did not start on port " + port + "; see " + dir.resolve("mosquitto.log"));
        }
        Thread.sleep(50);
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting mosquitto", e);
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The local port it listens on. */
  public int port() {
    return port;
  }

  private boolean answers() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
