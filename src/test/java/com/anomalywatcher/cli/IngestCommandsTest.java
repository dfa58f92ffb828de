package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to {@code ingest mqtt} and {@code import csv}: one line naming option and value, exit 2, nothing written. */
class IngestCommandsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("ingest-commands");

  private static CommandRun run(String... args) {
    return CommandRun.against(db.jdbcUrl(), args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic a/# --qos 2 | --qos must be 0 or 1, got 2",
        "ingest mqtt --broker localhost:1883 --topic a/# | --broker must be a URL like tcp://HOST:1883, got 'localhost:1883'",
        "ingest mqtt --broker tcp://u:secret@127.0.0.1:1883 --topic a/# | --broker must not carry credentials",
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic a/# --batch-size 0 | --batch-size must be >= 1, got 0",
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic a/# --max-pending 30000 | --max-pending must be 1..21845"
            + " (a third of MQTT's 65535 packet ids, so a redelivery is told from a new message), got 30000",
        "import csv /nonexistent/file.csv | FILE /nonexistent/file.csv is not a readable file",
        // These three were internal errors (exit 1) from Paho at subscribe time.
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic plant7/#/temp | --topic must be an MQTT topic filter"
            + " (# only as the whole last level, + only as a whole level, e.g. plant7/# or plant7/+/temp), got 'plant7/#/temp'",
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic plant7# | --topic must be an MQTT topic filter",
        "ingest mqtt --broker tcp://127.0.0.1:1883 --topic plant+/temp | got 'plant+/temp'",
      })
  void refusesBadOptionsWithExitTwo(String args, String message) {
    CommandRun r = run(args.split(" "));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("secret");
  }

  @Test
  void importOfAFileWithABadLineNamesFileLineAndWhyAndWritesNothing(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,cli-1,1\n2026-01-01T00:01:00Z,cli-1,warm\n");
    CommandRun r = run("import", "csv", f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(f + ":3").contains("value is not a number");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'cli-1'")).isZero();
  }

  /**
   * Local times the clock change makes wrong: 02:30 on spring-forward day does not exist in Berlin (it was
   * stored silently at 03:30) and is a bad line; 02:30 on the autumn day happens twice, is read at the
   * earlier offset (summer time) and the summary counts it, where it said nothing.
   */
  @Test
  void importRefusesALocalTimeTheClocksSkipAndCountsAnAmbiguousOne(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("berlin.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-03-29 01:30:00,dst-1,1\n2026-03-29 02:30:00,dst-1,2\n"
        + "2026-10-25 02:30:00,dst-1,3\n2026-10-25T02:45:00+01:00,dst-1,4\n");
    CommandRun refused = run("import", "csv", f.toString(), "--timezone", "Europe/Berlin");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains(f + ":3", "local time '2026-03-29 02:30:00' does not exist in Europe/Berlin");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'dst-1'")).isZero();

    CommandRun r = run("import", "csv", f.toString(), "--timezone", "Europe/Berlin", "--skip-bad");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("skipped " + f + ":3");
    assertThat(r.out()).contains("imported 3 rows (3 new)", "1 bad line skipped",
        "1 row at a local time that happens twice in Europe/Berlin (clocks turned back) read at the earlier offset");
    assertThat(db.queryString("SELECT string_agg((timestamp AT TIME ZONE 'UTC')::text, ',' ORDER BY timestamp) FROM sensors_data"
        + " WHERE sensor_id = 'dst-1'"))
        .isEqualTo("2026-03-29 00:30:00,2026-10-25 00:30:00,2026-10-25 01:45:00");
  }

  @Test
  void importPrintsRowsAndRate(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nab.csv");
    Files.writeString(f, "timestamp,value\n2013-12-02 21:15:00,73.9\n2013-12-02 21:20:00,74.0\n");
    CommandRun r = run("import", "csv", f.toString(), "--sensor-id", "cli-nab", "--location", "factory");
    assertThat(r.exitCode()).as(r.err()).isZero();
    // Two rows give no rate worth printing (it read 'rows/s: 0'): the time it took instead.
    assertThat(r.out()).contains("imported 2 rows (2 new)").containsPattern("elapsed: \\d").doesNotContain("rows/s");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id = 'cli-nab'")).isEqualTo(2);
  }

  @Test
  void readFiltersOnTheCategoryAForeignSensorWasImportedWith(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("boiler.csv");
    Files.writeString(f, "timestamp,sensor_id,value,category\n2026-01-01T00:00:00Z,cli-boiler-1,3.5,Boiler\n");
    assertThat(run("import", "csv", f.toString()).exitCode()).isZero();

    CommandRun read = run("read", "--category", "BOILER");
    CommandRun unknown = run("read", "--category", "toaster");

    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out()).contains("cli-boiler-1").contains("(1 row)");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err().lines().findFirst().orElseThrow())
        .contains("--category must be a simulated category (fan, heater, lamp, oven, pm) or one of the stored sensors' (")
        .endsWith("got 'toaster'");
    // Only imported sensors are stored here: no simulated category is listed among the stored ones.
    assertThat(unknown.err().lines().findFirst().orElseThrow()).contains("stored sensors' (boiler")
        .doesNotContainPattern("stored sensors' \\([^)]*oven");
  }

  @Test
  void readRefusesASensorIdNoSensorHasAndNamesIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("kiln.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,cli-kiln-1,900\n");
    assertThat(run("import", "csv", f.toString()).exitCode()).isZero();

    CommandRun mistyped = run("read", "--sensor", "cli-kiln-l");

    assertThat(mistyped.exitCode()).isEqualTo(2);
    assertThat(mistyped.err().lines().findFirst().orElseThrow())
        .isEqualTo("Error: --sensor 'cli-kiln-l' is not a known sensor (see 'anomaly-watcher sensors list')");
    assertThat(mistyped.out()).doesNotContain("0 rows");
  }

  /** Look-alikes of a mistyped id: a sensor with no reading in the asked time, and one another program wrote. */
  @Test
  void readShowsNoRowsForAKnownSensorQuietSinceTheTimeAsked(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("kiln.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,cli-kiln-2,900\n");
    assertThat(run("import", "csv", f.toString()).exitCode()).isZero();
    db.execute("SELECT aw_ensure_partitions(DATE '2026-01-01', DATE '2026-01-01')");
    db.execute("INSERT INTO sensors_data (timestamp, sensor_id, value)"
        + " VALUES (TIMESTAMPTZ '2026-01-01 00:00:00+00', 'cli-unregistered-1', 4.5)");

    CommandRun quiet = run("read", "--sensor", "cli-kiln-2", "--since", "2026-01-02T00:00:00Z");
    CommandRun unregistered = run("read", "--sensor", "cli-unregistered-1");

    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(quiet.out()).contains("(0 rows)");
    assertThat(unregistered.exitCode()).as(unregistered.err()).isZero();
    assertThat(unregistered.out()).contains("cli-unregistered-1").contains("(1 row)");
  }

  @Test
  void importRefusesASensorIdForAFileThatNamesItsOwnSensorsAndWritesNothing(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("long.csv");
    Files.writeString(f, "timestamp,sensor_id,value\n2026-01-01T00:00:00Z,cli-own-1,1\n");
    // The id was dropped without a word: the rows went in as cli-own-1, exit 0.
    CommandRun r = run("import", "csv", f.toString(), "--sensor-id", "cli-wanted");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(f + ":1").contains("--sensor-id 'cli-wanted'").contains("sensor_id column")
        .contains("nothing was imported");
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id IN ('cli-own-1', 'cli-wanted')")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM sensors WHERE sensor_id IN ('cli-own-1', 'cli-wanted')")).isZero();
  }

  @Test
  void importOfAThousandRowsPrintsItsRate(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("many.csv");
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < ImportCommand.Csv.RATED_ROWS; i++) {
      csv.append(t.plusSeconds(60L * i)).append(',').append(20 + i % 7).append('\n');
    }
    Files.writeString(f, csv);
    CommandRun r = run("import", "csv", f.toString(), "--sensor-id", "cli-rated");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("imported 1,000 rows (1,000 new)").containsPattern("rows/s: [1-9][\\d,]*\n");
  }
}
