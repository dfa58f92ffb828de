package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.StoppableDatabase;
import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground truth across generator restarts, with real processes on a throwaway cluster: a
 * {@code continuous} generator killed with {@code kill -9} while a database outage held its
 * readings in memory leaves a span without data, and its restart labels every missing second of it
 * ({@code offline}, source {@code stopped}); a planned stop (SIGTERM, the end of {@code --duration})
 * and a restart add no label, however long the pause.
 */
class GeneratorStopProcessTest {
  private static final Duration LONG = Duration.ofSeconds(120);
  /** How long a planned stop lasts before the generator starts again. */
  private static final Duration PAUSE = Duration.ofSeconds(3);
  /** The end of a tick line during an outage. */
  private static final Pattern HELD = Pattern.compile("not stored yet: (\\d+) held");

  /** Missing seconds between each sensor's first and last reading not inside a 'stopped' label, and all of them. */
  static final String UNLABELLED = """
      WITH span AS (SELECT sensor_id, min(timestamp) lo, max(timestamp) hi FROM sensors_data GROUP BY sensor_id),
           missing AS (SELECT s.sensor_id, g AS t FROM span s, generate_series(s.lo, s.hi, interval '1 second') g
                       WHERE NOT EXISTS (SELECT 1 FROM sensors_data d WHERE d.sensor_id = s.sensor_id AND d.timestamp = g))
      SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM anomaly_events a WHERE a.sensor_id = m.sensor_id
                                AND a.kind = 'offline' AND a.source = 'stopped' AND m.t >= a.start_time AND m.t < a.end_time))
             || '|' || count(*)
      FROM missing m""";

  @TempDir Path dir;

  @Test
  void killedDuringAnOutageTheRestartLabelsEveryMissingSecond() throws Exception {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl())) {
      Map<String, String> env = Map.of("AW_DB_URL", server.jdbcUrl());
      try (AwProcess gen = AwProcess.start(dir, "continuous-1", env, continuous(null))) {
        gen.await("10 s of readings", () -> count(db, "SELECT count(*) FROM sensors_data") >= 6 * 10, LONG, true);
        server.stop();
        gen.awaitOutput("database unavailable since", LONG);
        // readings pile up in the generator's buffer, then die with it
        gen.await("3 ticks held", () -> held(gen.output()) >= 6 * 3, LONG, true);
        gen.signal("KILL");
        gen.awaitExit(LONG);
      }
      server.start(); // returns once the server answers: it is back before the operator restarts the generator
      try (AwProcess again = AwProcess.start(dir, "continuous-2", env, continuous("5s"))) {
        assertThat(again.awaitExit(LONG)).as(again.output()).isZero();
      }
      String gaps = TestDatabase.queryString(db, UNLABELLED);
      assertThat(gaps).as("unlabelled|missing seconds").startsWith("0|").isNotEqualTo("0|0");
      assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM anomaly_events WHERE source = 'stopped'"))
          .as("one label per sensor").isEqualTo(6);
      assertThat(TestDatabase.queryLong(db, "SELECT count(*) - count(DISTINCT (sensor_id, timestamp)) FROM sensors_data"))
          .isZero();
    }
  }

  @Test
  void plannedStopsAndRestartsAddNoLabel() throws Exception {
    try (StoppableDatabase server = new StoppableDatabase(dir.resolve("pg"));
        Database db = Database.connect(server.jdbcUrl())) {
      Map<String, String> env = Map.of("AW_DB_URL", server.jdbcUrl());
      try (AwProcess gen = AwProcess.start(dir, "continuous-1", env, continuous(null))) {
        gen.await("5 s of readings", () -> count(db, "SELECT count(*) FROM sensors_data") >= 6 * 5, LONG, true);
        gen.signal("TERM");
        assertThat(gen.awaitExit(LONG)).as(gen.output()).isZero();
      }
      awaitPause(db, "continuous-1"); // the shop closed its generator
      try (AwProcess gen = AwProcess.start(dir, "continuous-2", env, continuous("4s"))) {
        assertThat(gen.awaitExit(LONG)).as(gen.output()).isZero();
      }
      awaitPause(db, "continuous-2");
      try (AwProcess gen = AwProcess.start(dir, "continuous-3", env, continuous("4s"))) {
        assertThat(gen.awaitExit(LONG)).as(gen.output()).isZero();
      }
      String gaps = TestDatabase.queryString(db, UNLABELLED);
      assertThat(gaps.split("\\|")[1]).as("the pauses left seconds without readings").isNotEqualTo("0");
      assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM anomaly_events WHERE source = 'stopped'")).isZero();
    }
  }

  private static String[] continuous(String duration) {
    String[] args = {"continuous", "--interval", "1", "--sensors", "6", "--seed", "17", "--world", "clean",
        "--anomaly-rate", "0"};
    if (duration == null) {
      return args;
    }
    String[] timed = java.util.Arrays.copyOf(args, args.length + 2);
    timed[args.length] = "--duration";
    timed[args.length + 1] = duration;
    return timed;
  }

  /** Readings the generator said it held for the database's return, in its last tick line that held any; 0 before. */
  static long held(String output) {
    Matcher m = HELD.matcher(output);
    long last = 0;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  /**
   * Waits until the newest stored reading is {@link #PAUSE} old by the database's clock: the
   * generator that stopped left that many seconds without readings, however long its exit took.
   */
  private static void awaitPause(Database db, String after) throws InterruptedException {
    String sql = "SELECT (now() - max(timestamp) >= interval '" + PAUSE.toSeconds() + " seconds')::int FROM sensors_data";
    long end = System.nanoTime() + LONG.toNanos();
    while (count(db, sql) != 1) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no pause of " + PAUSE + " after " + after + " within " + LONG);
      }
      Thread.sleep(100);
    }
  }

  /** A count; -1 while the database does not answer. */
  private static long count(Database db, String sql) {
    try {
      return TestDatabase.queryLong(db, sql);
    } catch (IllegalStateException e) {
      return -1;
    }
  }
}
