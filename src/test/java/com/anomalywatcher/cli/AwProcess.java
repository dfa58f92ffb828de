package com.anomalywatcher.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The program as a separate JVM (the test's own classpath, {@link Main}), for fault tests that
 * signal, kill and restart it the way an operator would. Standard output and error go to one file.
 * Closing kills it if it still runs.
 */
final class AwProcess implements AutoCloseable {
  private static final Duration WAIT_POLL = Duration.ofMillis(100);

  private final String name;
  private final Process process;
  private final Path log;

  private AwProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code anomaly-watcher args...} with {@code env} added to the environment.
   *
   * @param dir where its output file goes, and its working directory: what it writes relative to it
   *     (a {@code monitor} or {@code train} without {@code --models-dir} writes {@code models/}) stays
   *     in the test's directory instead of the repository's
   */
  static AwProcess start(Path dir, String name, Map<String, String> env, String... args) {
    return start(dir, name, env, List.of(), args);
  }

  /**
   * Starts it under {@code prlimit --fsize=BYTES}: no file it writes (its output file too) grows past
   * {@code bytes}, a write beyond fails part way with "File too large", as on a full disk.
   */
  static AwProcess startWithFileSizeLimit(Path dir, String name, long bytes, String... args) {
    return start(dir, name, Map.of(), List.of("prlimit", "--fsize=" + bytes, "--"), args);
  }

  private static AwProcess start(Path dir, String name, Map<String, String> env, List<String> prefix,
      String... args) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // SIGINT back to its default first, as in a command typed at a terminal: a test JVM started in the
    // background by a script (`mvn test &`) ignores SIGINT, its children inherit that, and a JVM that
    // starts with SIGINT ignored keeps ignoring it (HotSpot installs no handler then), so every Ctrl-C
    // case of InterruptTest failed with the signal lost.
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("env", "--default-signal=INT",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx512m", "-cp", classpath, Main.class.getName()));
    command.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().remove("AW_DB_URL");
    b.environment().putAll(env);
    try {
      return new AwProcess(name, b.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything it wrote so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("read " + log, e);
    }
  }

  /** Waits until its output contains {@code text}; fails (with the output) on timeout or when it exits first. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    await("output containing '" + text + "'", () -> output().contains(text), timeout, true);
  }

  /** Waits until {@code condition} holds; fails with the output on timeout, or when it exits first if {@code whileAlive}. */
  void await(String what, BooleanSupplier condition, Duration timeout, boolean whileAlive) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (whileAlive && !process.isAlive() && !condition.getAsBoolean()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + ":\n" + output());
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(name + ": no " + what + " within " + timeout + ":\n" + output());
      }
      Thread.sleep(WAIT_POLL.toMillis());
    }
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}). */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** Its exit code; fails with the output when it is still running after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
