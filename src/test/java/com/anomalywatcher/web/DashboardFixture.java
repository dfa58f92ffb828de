package com.anomalywatcher.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Data for the dashboard's tests, made the way a user makes it: {@code sample} (the clean world) a clean history and
 * a last day with anomalies (seeded), {@code train} on the clean part, {@code monitor --once}; plus
 * one reading of a sensor with a hostile id, as a foreign writer might store it.
 */
final class DashboardFixture {
  static final String HOSTILE_ID = "<img src=x onerror=alert(1)>";
  static final int SENSORS = 6;
  static final long SEED = 3;

  /** The end of the generated history (now, to the minute). */
  final Instant end;
  /** An oven, and one of its labelled episodes that an alert caught. */
  final String oven;
  final Instant episodeStart;
  final Instant episodeEnd;

  private DashboardFixture(Instant end, String oven, Instant episodeStart, Instant episodeEnd) {
    this.end = end;
    this.oven = oven;
    this.episodeStart = episodeStart;
    this.episodeEnd = episodeEnd;
  }

  static DashboardFixture generate(TestDatabase db, Path models) {
    Instant end = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MINUTES);
    Instant cut = end.minus(Duration.ofDays(1));
    String url = db.jdbcUrl();
    // The clean world: every seed gives an oven whose anomaly the monitor catches.
    run("sample", "--world", "clean", "--days", "2", "--interval", "1", "--sensors", "" + SENSORS,
        "--anomaly-rate", "0", "--seed", "" + SEED, "--end", cut.toString(), "--db-url", url);
    run("sample", "--world", "clean", "--days", "1", "--interval", "1", "--sensors", "" + SENSORS,
        "--anomaly-rate", "0.05", "--seed", "" + SEED, "--end", end.toString(), "--db-url", url);
    run("train", "--hours", "48", "--until", cut.toString(), "--models-dir", models.toString(), "--db-url", url);
    run("monitor", "--once", "--threshold", "0.7", "--models-dir", models.toString(), "--db-url", url);
    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " SELECT gen_random_uuid(), timestamp '" + end.minus(Duration.ofMinutes(10)).toString().replace("T", " ").replace("Z", "")
        + "' AT TIME ZONE 'UTC', '" + HOSTILE_ID + "', 'analog', 'oven', 200, '°C', 'restaurant', '{}'");
    String oven = db.queryString("""
        SELECT e.sensor_id FROM anomaly_events e JOIN alerts a ON a.sensor_id = e.sensor_id
         AND a.opened_at >= e.start_time AND a.opened_at < e.end_time + interval '3 minutes'
         WHERE e.category = 'oven' ORDER BY (e.kind = 'spike') DESC, e.start_time LIMIT 1""");
    assertThat(oven).as("an oven episode caught by an alert (seed %d)", SEED).isNotNull();
    String range = db.queryString("""
        SELECT extract(epoch FROM e.start_time)::bigint || '|' || extract(epoch FROM e.end_time)::bigint FROM anomaly_events e JOIN alerts a ON a.sensor_id = e.sensor_id
         AND a.opened_at >= e.start_time AND a.opened_at < e.end_time + interval '3 minutes'
         WHERE e.sensor_id = ? ORDER BY (e.kind = 'spike') DESC, e.start_time LIMIT 1""", oven);
    String[] parts = range.split("\\|");
    return new DashboardFixture(end, oven, Instant.ofEpochSecond(Long.parseLong(parts[0])),
        Instant.ofEpochSecond(Long.parseLong(parts[1])));
  }

  private static void run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as("%s failed: %s %s", String.join(" ", args), out, err).isZero();
  }
}
