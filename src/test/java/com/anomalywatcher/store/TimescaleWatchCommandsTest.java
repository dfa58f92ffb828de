package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator and the watch commands as a user runs them, on a hypertable of the real
 * TimescaleDB test server: sample, read, train, monitor, alerts, status, evaluate.
 */
@Tag("timescaledb")
class TimescaleWatchCommandsTest {
  private static final Instant CUT = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
  private static String url;
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void createDatabase() {
    url = TimescaleServer.freshDatabase("timescale-watch");
  }

  @AfterAll
  static void dropDatabase() {
    if (url != null) {
      TimescaleServer.drop(url);
    }
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db-url";
    full[args.length + 1] = url;
    return Main.run(full, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void generatorAndWatchCommandsWorkOnAHypertable(@TempDir Path tmp) {
    String models = tmp.resolve("models").toString();
    assertThat(run("db", "init")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("TimescaleDB mode");
    Instant trainedTo = CUT.minus(Duration.ofDays(1));
    assertThat(run("sample", "--days", "2", "--interval", "5", "--sensors", "6", "--anomaly-rate", "0",
        "--seed", "5", "--end", trainedTo.toString(), "--world", "clean")).as(err.toString()).isZero();
    assertThat(run("sample", "--days", "1", "--interval", "5", "--sensors", "6", "--anomaly-rate", "0.1",
        "--seed", "5", "--end", CUT.toString(), "--world", "clean")).as(err.toString()).isZero();

    assertThat(run("read", "--limit", "5")).as(err.toString()).isZero();
    assertThat(out.toString().lines().count()).isGreaterThanOrEqualTo(5);
    assertThat(run("train", "--hours", "48", "--until", trainedTo.toString(), "--models-dir", models))
        .as(err.toString()).isZero();
    assertThat(run("monitor", "--once", "--models-dir", models)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("scored 1,728 readings of 6 sensors");
    assertThat(run("alerts", "--limit", "5")).as(err.toString()).isZero();
    assertThat(run("status", "--models-dir", models)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("6 sensors, 6 models");
    assertThat(run("evaluate", "--since", trainedTo.toString(), "--json")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"recall\"");
  }
}
