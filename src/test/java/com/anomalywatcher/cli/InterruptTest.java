package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every phase stops on SIGINT or SIGTERM, setup included: the program runs as its own process and
 * gets a real signal in the middle of a phase. Each case names the line the phase prints when it
 * is over; when that line was not out yet at the signal, it must never come (the old program
 * finished the phase, ignoring the signal, and only then stopped). The time from signal to exit is
 * bounded loosely (the machine is shared); the exit code and the unfinished phase are the checks.
 */
class InterruptTest {
  private static final Duration STOP_BOUND = Duration.ofSeconds(10);

  @RegisterExtension static final TestDatabase history = TestDatabase.fresh("interrupt-history");
  @RegisterExtension static final TestDatabase empty = TestDatabase.fresh("interrupt-empty");
  @RegisterExtension static final TestDatabase live = TestDatabase.fresh("interrupt-live");
  @RegisterExtension static final TestDatabase backfill = TestDatabase.fresh("interrupt-run");

  @TempDir Path dir;

  /** Two days of a minute's readings of 100 sensors: a monitor cycle or training of some seconds. */
  @BeforeAll
  static void storeHistory() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "100", "--days", "2", "--interval", "1", "--seed", "21",
        "--set", "interrupt", "--world", "clean", "--db-url", history.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
  }

  @Test
  void continuousStopsWhileBuildingItsFleet() throws Exception {
    // 5,000 sensors are registered before the first tick: seconds of setup that polled no stop.
    try (AwProcess p = AwProcess.start(dir, "continuous", Map.of(), "continuous", "--sensors", "5000",
        "--interval", "1", "--seed", "22", "--set", "big", "--db-url", child(empty))) {
      awaitConnected(p, empty);
      stopsInPhase(p, "TERM", 143, "generating every");
      assertThat(TestDatabase.queryLong(empty.database(), "SELECT count(*) FROM sensors_data"
          + " WHERE sensor_id IN (SELECT sensor_id FROM sensors WHERE sensor_set = 'big')")).isZero();
    }
  }

  @Test
  void monitorStopsInTheMiddleOfItsFirstCycle() throws Exception {
    try (AwProcess p = AwProcess.start(dir, "monitor", Map.of(), "monitor", "--interval", "1h",
        "--models-dir", dir.resolve("models").toString(), "--db-url", history.jdbcUrl())) {
      p.awaitOutput("monitoring every", Duration.ofSeconds(60));
      stopsInPhase(p, "INT", 130, " scored ");
    }
  }

  /**
   * {@code run} stops as a live {@code monitor} does: a signal in its first cycle (the stored
   * history's backfill) ends the cycle at its next commit, and the run still saves its running
   * states and prints its side-by-side summary, then exits 130; the cut cycle's own line never comes.
   */
  @Test
  void runStopsInTheMiddleOfItsFirstCycleAndStillPrintsItsSummary() throws Exception {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "100", "--days", "2", "--interval", "1", "--seed", "25",
        "--set", "run", "--world", "clean", "--db-url", backfill.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    try (AwProcess p = AwProcess.start(dir, "run", Map.of(), "run", "--monitor-only", "--monitor-interval", "1s",
        "--duration", "1h", "--models-dir", dir.resolve("models-run").toString(), "--db-url", backfill.jdbcUrl())) {
      p.awaitOutput("monitoring every", Duration.ofSeconds(60));
      p.await("the first cycle's first commit", () -> TestDatabase.queryLong(backfill.database(),
          "SELECT count(*) FROM monitor_checkpoints") > 0, Duration.ofSeconds(120), true);
      boolean cycleOverBefore = p.output().contains("monitor: scored");
      p.signal("INT");
      int exit = p.awaitExit(Duration.ofSeconds(30));
      System.out.printf("%s: run got SIGINT %s its first cycle (exit %d)%n", InterruptTest.class.getSimpleName(),
          cycleOverBefore ? "after" : "inside", exit);
      if (!cycleOverBefore) {
        assertThat(p.output()).as("the cycle went on after SIGINT").doesNotContain("monitor: scored");
        assertThat(exit).as(p.output()).isEqualTo(130);
      }
      // its summary: the backlog's episodes next to what the cycle found of them before the signal
      assertThat(p.output()).containsPattern("injected \\d+, detected \\d+, alerts opened \\d+");
    }
  }

  /**
   * A live monitor saves its running states a share per read, so after its first cycle most are
   * behind their checkpoints; stopped between cycles it saves them all (exit 0) and the next start
   * has nothing to replay. Killed at once (the look-alike: a crash) it would leave them behind.
   */
  @Test
  void monitorSavesEveryRunningStateWhenStoppedBetweenCycles() throws Exception {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"sample", "--sensors", "30", "--days", "1", "--interval", "1", "--seed", "24",
        "--set", "live", "--world", "clean", "--db-url", live.jdbcUrl()},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    try (AwProcess p = AwProcess.start(dir, "monitor-live", Map.of(), "monitor", "--interval", "1h",
        "--models-dir", dir.resolve("models-live").toString(), "--db-url", live.jdbcUrl())) {
      p.awaitOutput(" scored ", Duration.ofSeconds(120));
      p.signal("TERM");
      assertThat(p.awaitExit(STOP_BOUND)).as(p.output()).isZero();
      assertThat(p.output()).contains("stopping: saved the running states of");
    }
    assertThat(TestDatabase.queryLong(live.database(), "SELECT count(*) FROM monitor_checkpoints")).isEqualTo(30);
    assertThat(TestDatabase.queryLong(live.database(), "SELECT count(*) FROM monitor_checkpoints m LEFT JOIN"
        + " monitor_state s USING (sensor_id) WHERE s.scored_at IS DISTINCT FROM m.last_scored_at"))
        .as("running states not at their checkpoints").isZero();
  }

  @Test
  void monitorOnceStopsWhileScoringTheBackfill() throws Exception {
    try (AwProcess p = AwProcess.start(dir, "monitor-once", Map.of(), "monitor", "--once",
        "--models-dir", dir.resolve("models-once").toString(), "--db-url", child(history))) {
      awaitConnected(p, history);
      stopsInPhase(p, "TERM", 143, " scored ");
    }
  }

  @Test
  void trainStops() throws Exception {
    try (AwProcess p = AwProcess.start(dir, "train", Map.of(), "train", "--hours", "48",
        "--models-dir", dir.resolve("models-train").toString(), "--db-url", child(history))) {
      awaitConnected(p, history);
      stopsInPhase(p, "INT", 130, "trained ");
    }
  }

  @Test
  void sampleStopsAfterTheBatchInHandAndSaysSo() throws Exception {
    try (AwProcess p = AwProcess.start(dir, "sample", Map.of(), "sample", "--sensors", "200", "--days", "30",
        "--interval", "1", "--seed", "23", "--set", "long", "--world", "clean", "--db-url", empty.jdbcUrl())) {
      p.await("stored readings", () -> TestDatabase.queryLong(empty.database(),
          "SELECT count(*) FROM sensors_data WHERE sensor_id IN (SELECT sensor_id FROM sensors"
              + " WHERE sensor_set = 'long')") > 0, Duration.ofSeconds(120), true);
      // A graceful phase: the batch in hand is stored with its labels and a summary says so.
      p.signal("TERM");
      assertThat(p.awaitExit(STOP_BOUND)).as(p.output()).isEqualTo(SampleCommand.INTERRUPTED);
      assertThat(p.output()).contains("interrupted: stored what was generated so far");
    }
  }

  @Test
  void serveStops() throws Exception {
    try (AwProcess p = AwProcess.start(dir, "serve", Map.of(), "serve", "--port", Integer.toString(freePort()),
        "--db-url", history.jdbcUrl())) {
      p.awaitOutput("dashboard at", Duration.ofSeconds(60));
      p.signal("TERM");
      assertThat(p.awaitExit(STOP_BOUND)).as(p.output()).isZero();
    }
  }

  /**
   * Signals the process and checks it stopped within {@link #STOP_BOUND} with {@code code}, without
   * finishing the phase whose end prints {@code phaseOver}, unless that was out before the signal.
   */
  private static void stopsInPhase(AwProcess p, String signal, int code, String phaseOver) throws Exception {
    boolean overBefore = p.output().contains(phaseOver);
    long start = System.nanoTime();
    p.signal(signal);
    int exit = p.awaitExit(STOP_BOUND);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("%s: SIG%s answered in %d ms (exit %d)%n", InterruptTest.class.getSimpleName(), signal, millis, exit);
    if (!overBefore) {
      assertThat(p.output()).as("the phase went on after SIG" + signal).doesNotContain(phaseOver);
      assertThat(exit).as(p.output()).isEqualTo(code);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The database's URL for the process under test, which connects under an application name of its own. */
  private static String child(TestDatabase db) {
    return db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=aw-interrupt-test";
  }

  /** Waits until the process holds a connection to the database (its setup has begun). */
  private static void awaitConnected(AwProcess p, TestDatabase db) throws InterruptedException {
    p.await("connection to the database", () -> TestDatabase.queryLong(db.database(),
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'aw-interrupt-test'") > 0,
        Duration.ofSeconds(60), true);
  }
}
