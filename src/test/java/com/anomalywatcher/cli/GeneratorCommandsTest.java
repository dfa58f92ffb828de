package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratorCommandsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("generator-commands");

  private static CommandRun run(String... args) {
    return CommandRun.against(db.jdbcUrl(), args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sample --days 0 --interval 1 --sensors 6 | --days must be more than 0 and at most 3650 days, got 0",
        "sample --days 1 --interval -5 --sensors 6 | --interval must be > 0, got -5 min",
        "sample --days 1 --interval 1 --sensors 0 | --sensors must be between 1 and 100,000, got 0",
        "sample --sensors -3 | --sensors must be between 1 and 100,000, got -3",
        "sample --sensors 100001 | --sensors must be between 1 and 100,000, got 100001",
        "continuous --interval 1 --sensors 0 --duration 1 | --sensors must be between 1 and 100,000, got 0",
        "run --sensors 0 --duration 1m | --sensors must be between 1 and 100,000, got 0",
        "sample --days 1 --interval 1 --sensors 6 --anomaly-rate 1.5 | --anomaly-rate must be in [0, 1], got 1.5",
        "sample --days 1 --interval 1 --sensors 6 --anomaly-rate -0.1 | --anomaly-rate must be in [0, 1], got -0.1",
        "sample --days abc --interval 1 --sensors 6 | --days",
        "sample --days 1 --interval 1 --sensors 6 --end not-a-time | not-a-time",
        "continuous --interval 0 --sensors 6 --duration 1 | --interval must be > 0, got 0",
        "continuous --interval 86401 --sensors 6 --duration 1 | --interval must be at most",
        "continuous --interval 1 --sensors 100000000 --duration 1 | --sensors must be between 1 and 100,000, got 100000000",
        "sample --days 1 --interval 1 --sensors 100000000 | --sensors must be between 1 and 100,000, got 100000000",
        "sample --days 1 --interval 1441 --sensors 6 | --interval must be at most",
        "sample --days 1 --interval 1 --sensors 6 --end 9999-12-31T00:00:00Z | --end must be at most a day in the future, got 9999-12-31T00:00:00Z",
        "anomaly force no-such-sensor oven spike --duration 5 | no-such-sensor",
        "anomaly force oven-restaurant-000000 oven flicker --duration 5 | 'flicker' does not belong to category 'oven'",
        "anomaly force oven-restaurant-000000 toaster spike --duration 5 | unknown category 'toaster'",
        "read --limit -1 | --limit must be > 0, got -1",
        "read --since yesterday-ish | yesterday-ish",
      })
  void badInputExitsWithUsageErrorNamingTheValueAndWritesNothing(String command, String expected) throws SQLException {
    String before = counts();

    CommandRun r = run(command.trim().split("\\s+"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(expected.trim());
    assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void unreachableDatabaseIsARuntimeFailureWithoutThePassword() {
    CommandRun r =
        CommandRun.of("sample", "--days", "1", "--db-url", "postgresql://postgres:s3cret@127.0.0.1:1/nothing");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("127.0.0.1:1").doesNotContain("s3cret");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void seededSampleReportsRowsEpisodesAndSpeedThenReadShowsNewestFirst() {
    CommandRun sample = run("sample", "--days", "1", "--interval", "10", "--sensors", "6", "--seed", "5",
        "--anomaly-rate", "0.05", "--end", "2026-01-02T00:00:00Z", "--world", "clean");

    assertThat(sample.exitCode()).as(sample.err()).isZero();
    assertThat(sample.out()).contains("rows written: 864").containsPattern("(?m)^rows/s: [1-9]\\d{0,2}(,\\d{3})*$");

    CommandRun read = run("read", "--limit", "3");
    assertThat(read.exitCode()).as(read.err()).isZero();
    List<String> lines = read.out().lines().toList();
    assertThat(lines.get(0)).contains("time (UTC)").contains("sensor");
    assertThat(lines.get(1)).startsWith("2026-01-01T23:50:00Z");
    assertThat(read.out()).contains("(3 rows)");
  }

  @Test
  void aSampleOnAnotherGridNamesTheNewestStoredReadingItContinuesAfter() {
    assertThat(run("sample", "--set", "regrid", "--days", "1", "--interval", "10", "--sensors", "2", "--seed", "3",
        "--end", "2026-02-02T00:00:00Z", "--world", "clean").exitCode()).isZero();

    CommandRun later = run("sample", "--set", "regrid", "--days", "1", "--interval", "15", "--sensors", "2", "--seed",
        "3", "--end", "2026-02-02T06:00:00Z", "--world", "clean");

    // The newest reading is at 23:50; one 15-minute step before the first new one (00:00) is 23:45,
    // where nothing was ever stored.
    assertThat(later.exitCode()).as(later.err()).isZero();
    assertThat(later.out()).contains("already have readings up to 2026-02-01T23:50:00Z: continued after them from"
        + " 2026-02-02T00:00:00Z");
  }

  @Test
  void aSampleWithNothingToWriteSaysSoWithoutARate() {
    String[] args = {"sample", "--set", "twice", "--days", "1", "--interval", "30", "--sensors", "6", "--seed", "8",
        "--end", "2026-02-02T00:00:00Z"};
    assertThat(run(args).exitCode()).isZero();

    CommandRun again = run(args);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("nothing to write").contains("rows written: 0").doesNotContain("rows/s");
  }

  @Test
  void realisticSampleListsBenignEventsByKindAndItsTimeZones() {
    CommandRun sample = run("sample", "--days", "2", "--interval", "1", "--sensors", "12", "--seed", "5",
        "--end", "2026-01-08T00:00:00Z", "--timezones", "Europe/Berlin,Australia/Sydney");

    assertThat(sample.exitCode()).as(sample.err()).isZero();
    assertThat(sample.out()).contains("world: realistic, difficulty normal, time zones Europe/Berlin, Australia/Sydney")
        .contains("benign events: ").contains("oven/door_open").contains("pm/cooking_burst").contains("oven/dropout");
  }

  @Test
  void badWorldOptionsAreUsageErrorsThatWriteNothing() throws SQLException {
    String before = counts();
    for (String[] args : List.of(
        new String[] {"sample", "--world", "mars"},
        new String[] {"sample", "--difficulty", "brutal"},
        new String[] {"sample", "--timezones", "Europe/Berlin,Mars/Olympus"},
        new String[] {"sample", "--world", "clean", "--difficulty", "hard"},
        new String[] {"continuous", "--world", "nowhere", "--duration", "1"})) {
      CommandRun r = run(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().lines().findFirst().orElse("")).containsAnyOf("--world", "--difficulty", "--timezones")
          .containsAnyOf("mars", "brutal", "Mars/Olympus", "hard", "nowhere");
    }
    assertThat(counts()).isEqualTo(before);
  }

  private static String counts() throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT (SELECT count(*) FROM sensors_data) || '/' || (SELECT count(*) FROM anomaly_events)"
                + " || '/' || (SELECT count(*) FROM forced_anomalies)")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
