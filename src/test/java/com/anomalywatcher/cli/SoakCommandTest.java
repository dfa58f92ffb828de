package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bench soak} refuses bad input with one line naming the option, before any work; its lags are its fleet's. */
class SoakCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("soak-lag");

  @Test
  void lagsAreTheSoakFleetsNotThoseOfOtherSensorsInTheDatabase() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // A soak sensor scored 5 s ago, a NAB series imported earlier (scored up to 2014), a foreign sensor half a day ahead.
    row("soak-oven-1", now.minusSeconds(2), now.minusSeconds(5));
    row("press-7-temp", Instant.parse("2014-02-19T15:25:00Z"), Instant.parse("2014-02-19T15:25:00Z"));
    row("gateway-clock-ahead", now.plus(12, ChronoUnit.HOURS), now.plus(12, ChronoUnit.HOURS));
    Set<String> fleet = Set.of("soak-oven-1");

    assertThat(SoakCommand.oldestCheckpoint(new AlertStore(db.database()).checkpoints().values(), fleet))
        .contains(now.minusSeconds(5));
    assertThat(SoakCommand.newestReading(new ReadingStore(db.database()).sensors(), fleet)).contains(now.minusSeconds(2));
    assertThat(SoakCommand.oldestCheckpoint(new AlertStore(db.database()).checkpoints().values(), Set.of("none"))).isEmpty();
  }

  @Test
  void generatorLagIsNeverNegativeWhenATickIsStoredWhileTheQueriesRun() {
    // A clock that moves 800 ms at each read; the newest reading is stamped when the query runs,
    // as a tick committed during it is. The clock read before the queries gave "-0.8s".
    Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
    long[] reads = {0};
    java.time.Clock ticking = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return t0.plusMillis(800 * reads[0]++);
      }
    };

    SoakCommand.Lags lags = SoakCommand.Lags.measure(() -> java.util.Optional.of(ticking.instant()),
        () -> java.util.Optional.of(t0.minusSeconds(3)), ticking);

    assertThat(lags.generator()).isEqualTo("0.8s");
    assertThat(lags.monitor()).isEqualTo("3.8s");
  }

  private static void row(String sensor, Instant reading, Instant scored) {
    db.execute("INSERT INTO sensors (sensor_id, category, type, unit, location) VALUES ('" + sensor
        + "', 'unknown', 'analog', '', 'unknown')");
    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " VALUES (gen_random_uuid(), '" + reading + "', '" + sensor + "', 'analog', 'unknown', 1, '', 'unknown', '{}')");
    db.execute("INSERT INTO monitor_checkpoints (sensor_id, last_scored_at, scored_count, ready, updated_at) VALUES ('"
        + sensor + "', '" + scored + "', 1, true, now())");
  }

  @ParameterizedTest
  @CsvSource({
    "--minutes 0, --minutes",
    "--minutes 2000, --minutes",
    "--sensors 0, --sensors",
    "--sensors 100001, --sensors",
    "--report 0, --report",
  })
  void refusesBadInputWithOneLine(String args, String option) {
    StringWriter err = new StringWriter();
    String[] argv = ("bench soak " + args + " --db-url jdbc:postgresql://127.0.0.1:1/none").split(" ");
    int code = Main.run(argv, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElseThrow()).contains(option);
  }
}
