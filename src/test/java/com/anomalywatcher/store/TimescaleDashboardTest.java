package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.store.DashboardStore.Bucket;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's queries on a hypertable of the real TimescaleDB test server, compressed chunks
 * included: each sensor's newest reading, and downsampling that keeps a bucket's maximum.
 */
@Tag("timescaledb")
class TimescaleDashboardTest {
  private static final Instant END = Instant.parse("2026-03-10T00:00:00Z");
  private static String url;

  @BeforeAll
  static void createDatabase() {
    url = TimescaleServer.freshDatabase("timescale-dashboard");
    run("db", "init");
    run("sample", "--days", "9", "--interval", "10", "--sensors", "6", "--anomaly-rate", "0.02", "--seed", "4",
        "--end", END.toString());
  }

  @AfterAll
  static void dropDatabase() {
    if (url != null) {
      TimescaleServer.drop(url);
    }
  }

  private static void run(String... args) {
    StringWriter err = new StringWriter();
    String[] full = java.util.Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--db-url";
    full[args.length + 1] = url;
    assertThat(Main.run(full, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)))
        .as(String.join(" ", args) + ": " + err).isZero();
  }

  @Test
  void newestReadingsAndDownsampledMaximaOnAHypertable() throws SQLException {
    sql("SELECT compress_chunk(c, true) FROM show_chunks('sensors_data', older_than => TIMESTAMPTZ '"
        + END.minus(Duration.ofDays(2)) + "') c");
    try (Database db = Database.connect(url)) {
      DashboardStore store = new DashboardStore(db);

      List<DashboardStore.SensorLatest> latest = store.latestPerSensor();
      String oven = latest.stream().map(DashboardStore.SensorLatest::sensorId).filter(id -> id.startsWith("oven-"))
          .findFirst().orElseThrow();
      List<Bucket> buckets = store.buckets(oven, END.minus(Duration.ofDays(9)), END, Duration.ofHours(6));

      assertThat(latest).hasSize(6).allSatisfy(s -> assertThat(s.lastAt()).isEqualTo(END.minus(Duration.ofMinutes(10))));
      assertThat(buckets).hasSize(36);
      assertThat(buckets.stream().mapToDouble(Bucket::max).max().orElseThrow()).isEqualTo(Double.parseDouble(
          sql("SELECT max(value)::text FROM sensors_data WHERE sensor_id = '" + oven + "'")));
    }
  }

  private static String sql(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
