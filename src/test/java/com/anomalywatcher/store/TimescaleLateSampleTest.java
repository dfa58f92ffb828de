package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * I1's late rows in the realistic world, on the TimescaleDB test server: a {@code sample} of 18 new
 * sensors into 12 days of which the policy compressed the older ones. Its two writers' late rows
 * need the same compressed batches decompressed and deadlock; the batch the server rolls back is
 * written again ({@link ReadingWriter}). Before, {@code sample} failed (and said "Self-suppression
 * not permitted").
 */
@Tag("timescaledb")
class TimescaleLateSampleTest {
  @Test
  void aRealisticSampleOfLateRowsIntoCompressedChunksStoresEveryRow() {
    String url = TimescaleServer.freshDatabase("late-sample"); // skips, or fails when required, without a server
    try (Database db = Database.connect(url)) {
      TestQueries sql = new TestQueries(db);
      String end = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T00:00:00Z";
      assertThat(run("db", "init", "--db-url", url)).isZero();
      assertThat(run("sample", "--days", "12", "--interval", "1", "--sensors", "12", "--anomaly-rate", "0.02",
          "--seed", "21", "--end", end, "--db-url", url)).isZero();
      sql.execute("CALL run_job(" + sql.string("SELECT job_id FROM timescaledb_information.jobs WHERE hypertable_name ="
          + " 'sensors_data' AND proc_name IN ('policy_compression', 'policy_columnstore')") + ")");
      long before = Long.parseLong(sql.string("SELECT count(*) FROM sensors_data"));
      assertThat(sql.string("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'sensors_data'"
          + " AND is_compressed")).isNotEqualTo("0");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Main.run(new String[] {"sample", "--days", "12", "--interval", "1", "--sensors", "18", "--anomaly-rate",
          "0.02", "--seed", "22", "--end", end, "--db-url", url}, new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(exit).as(err.toString()).isZero();
      long written = Long.parseLong(out.toString().replaceAll("(?s).*rows written: ([\\d,]+).*", "$1").replace(",", ""));
      assertThat(Long.parseLong(sql.string("SELECT count(*) FROM sensors_data")) - before).isEqualTo(written);
      assertThat(sql.string("SELECT count(*) FROM (SELECT sensor_id, timestamp FROM sensors_data GROUP BY 1, 2"
          + " HAVING count(*) > 1) d")).isEqualTo("0");
    } finally {
      TimescaleServer.drop(url);
    }
  }

  private static int run(String... args) {
    return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
  }
}
